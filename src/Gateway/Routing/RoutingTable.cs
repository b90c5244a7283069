using System.Collections.Concurrent;
using Gateway.Configuration;
using Gateway.Providers;

namespace Gateway.Routing;

/// <summary>
/// One immutable snapshot of everything routing needs: the enabled providers with their adapters, the candidate sets
/// of every tier, served model, pin and the pass-through, the context windows and the configured model names.
/// <see cref="RoutingTableSource"/> builds a new one on every change and swaps it in; a request reads the table once
/// and keeps its <see cref="Provider"/> objects, so a swap never disturbs a request in flight. State that must outlive
/// a swap (health, round-robin positions, bulkhead counts) is kept elsewhere, by name.
/// </summary>
internal sealed partial class RoutingTable
{
    private readonly Dictionary<string, ModelTier> _tiers;
    private readonly Dictionary<ModelTier, CandidateSet> _tierSets = [];
    private readonly Dictionary<string, CandidateSet> _modelSets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, ModelTier Tier), CandidateSet> _pinnedTierSets = [];
    private readonly Dictionary<string, CandidateSet> _pinnedPassThrough = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CandidateSet> _byName = new(StringComparer.Ordinal);
    private readonly CandidateSet _passThrough;
    private readonly ConcurrentDictionary<(CandidateSet Set, string Filter, long Need), CandidateSet?> _derived = new();
    private readonly HashSet<string> _configuredModels;
    private readonly IReadOnlyDictionary<string, int> _contextWindows;
    private readonly string? _owner;
    private readonly RoutingTable? _global;
    private readonly Dictionary<string, Provider> _members;
    private readonly Dictionary<string, RoutingTable> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(CandidateSet Own, CandidateSet Global), CandidateSet> _chains = new();

    /// <summary>
    /// Builds the table of <paramref name="catalog"/> with the aliases and context windows of <paramref name="options"/>:
    /// its own sets hold the global providers (no owner); each owner of a managed provider gets a view of its own
    /// (<see cref="For"/>) with its providers first, then the global ones.
    /// </summary>
    public RoutingTable(long version, GatewayOptions options, ProviderCatalog catalog)
        : this(version, options, catalog, owner: null, global: null)
    {
        foreach (var owner in catalog.Enabled.Select(p => p.Options.Owner).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            _owners[owner] = new RoutingTable(version, options, catalog, owner, this);
        }
    }

    private RoutingTable(long version, GatewayOptions options, ProviderCatalog catalog, string? owner, RoutingTable? global)
    {
        (Version, Options, Catalog, _owner, _global) = (version, options, catalog, owner, global);
        var scope = catalog.Enabled.Where(p => string.Equals(p.Options.Owner, owner, StringComparison.Ordinal)).ToList();
        _members = scope.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var prefix = owner is null ? "" : $"owner:{owner}:";
        _tiers = new(options.Aliases, StringComparer.OrdinalIgnoreCase) { ["smart"] = ModelTier.Smart, ["fast"] = ModelTier.Fast };
        foreach (var tier in (ModelTier[])[ModelTier.Smart, ModelTier.Fast])
        {
            var name = tier.ToString().ToLowerInvariant();
            _tierSets[tier] = Named(new CandidateSet($"{prefix}tier:{name}", [.. scope
                .Where(p => p.Options.ModelFor(tier) is not null)
                .Select(p => new Candidate(p, p.Options.ModelFor(tier)))]));
            foreach (var provider in scope.Where(p => p.Options.ModelFor(tier) is not null))
            {
                _pinnedTierSets[(provider.Name, tier)] = new CandidateSet($"pinned:{provider.Name}:{name}", [new Candidate(provider, provider.Options.ModelFor(tier))]);
            }
        }

        foreach (var model in scope.SelectMany(ServedModels).Distinct(StringComparer.Ordinal))
        {
            _modelSets[model] = Named(new CandidateSet($"{prefix}model:{model}", [.. scope
                .Where(p => ServedModels(p).Contains(model, StringComparer.Ordinal))
                .Select(p => new Candidate(p, upstreamModel: null))]));
        }

        foreach (var provider in scope)
        {
            _pinnedPassThrough[provider.Name] = new CandidateSet($"pinned:{provider.Name}", [new Candidate(provider, upstreamModel: null)]);
        }

        _contextWindows = options.ContextWindows;
        _configuredModels = new HashSet<string>(catalog.Enabled.SelectMany(ServedModels), StringComparer.Ordinal);
        _passThrough = Named(new CandidateSet(prefix + "pass-through", [.. scope.Select(p => new Candidate(p, upstreamModel: null))]));
    }

    /// <summary>Grows by one with every table built; tests and <c>/v1/models</c> watch it.</summary>
    public long Version { get; }

    /// <summary>The options this table was built from (the last valid configuration).</summary>
    public GatewayOptions Options { get; }

    /// <summary>Every enabled provider of this table, global and owned (health, discovery, the admin test read it; routing reads the scoped sets).</summary>
    public ProviderCatalog Catalog { get; }

    /// <summary>The owner this view serves, or null for the table itself (global providers only).</summary>
    public string? Owner => _owner;

    /// <summary>
    /// The view for a caller's owner: its own providers first, then the global ones; an owner without managed providers
    /// (or no owner) gets the global table. Another owner's providers are in no view but their owner's.
    /// </summary>
    public RoutingTable For(string? owner) =>
        _global is not null ? _global.For(owner) : owner is not null && _owners.TryGetValue(owner, out var view) ? view : this;

    /// <summary>The context window of <paramref name="model"/> at <paramref name="provider"/>, when configured.</summary>
    public int? ContextWindow(Provider provider, string model) =>
        _contextWindows.TryGetValue(model, out var window) ? window : provider.Options.ContextWindow;

    /// <summary>The model as a metric label: configured models by name, anything a client made up as <c>other</c>.</summary>
    public string MetricLabel(string upstreamModel) => _configuredModels.Contains(upstreamModel) ? upstreamModel : Telemetry.GatewayMetrics.OtherModel;

    /// <summary>
    /// What a candidate filter whose answer depends on this table only (protocol capability, natives) keeps of one of
    /// its sets: built once per set, filter and need (<paramref name="need"/>: the filter's parameters as a number), and
    /// dropped with the table. Null when the filter keeps nobody.
    /// </summary>
    public CandidateSet? Derive<TState>(CandidateSet set, string filter, long need, Func<Candidate, TState, bool> keep, TState state, Func<TState, string> tag) =>
        _derived.GetOrAdd((set, filter, need), static (key, arg) => key.Set.Keep(arg.keep, arg.state, arg.tag(arg.state)), (keep, state, tag));

    /// <summary>The tier a model name asks for, or <see cref="ModelTier.None"/>.</summary>
    public ModelTier TierOf(string model) => _tiers.GetValueOrDefault(model);

    /// <summary>Every name <c>/v1/models</c> lists: the tiers and aliases some provider serves, then each served upstream model.</summary>
    public IEnumerable<(string Id, string OwnedBy)> ListModels() =>
        _tiers.Where(t => _tierSets.TryGetValue(t.Value, out var set) && set.Candidates.Length > 0)
            .Select(t => t.Key).Order(StringComparer.Ordinal).Select(t => (t, "gateway"))
            .Concat(_modelSets.Keys.Order(StringComparer.Ordinal).Select(m => (m, string.Join(",", _modelSets[m].Candidates.ToArray().Select(c => c.Provider.Name)))));

    /// <summary>
    /// Whether a <see cref="CandidateSet.Key"/> belongs to a set of this table (or a narrowing of one: same name
    /// before the first '|', members a subset), so per-set state under that key is still in use.
    /// </summary>
    public bool Owns(string key) => OwnsHere(key) || _owners.Values.Any(view => view.OwnsHere(key));

    private bool OwnsHere(string key)
    {
        var name = CandidateSet.NameOf(key);
        var bar = name.IndexOf('|', StringComparison.Ordinal);
        if (!_byName.TryGetValue(name, out var set) && !(bar > 0 && _byName.TryGetValue(name[..bar], out set)))
        {
            return false;
        }

        var members = set.Candidates.ToArray().Select(c => c.Provider.Name).ToHashSet(StringComparer.Ordinal);
        return CandidateSet.ProvidersOf(key).All(members.Contains);
    }

    private CandidateSet Named(CandidateSet set) => _byName[set.Name] = set;

    private static IEnumerable<string> ServedModels(Provider provider) =>
        provider.Options.Models.Concat(new[] { provider.Options.Smart, provider.Options.Fast }.OfType<string>());
}
