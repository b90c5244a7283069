using Gateway.Configuration;
using Gateway.Providers;

namespace Gateway.Routing;

/// <summary>
/// Turns the client's model name (and an optional pinned provider) into candidates. Every set a request can
/// resolve to is built at start-up, except a <c>provider/model</c> pin to a model the provider does not list.
/// </summary>
internal sealed class ModelResolver
{
    private readonly ProviderCatalog _catalog;
    private readonly Dictionary<string, ModelTier> _tiers;
    private readonly Dictionary<ModelTier, CandidateSet> _tierSets = [];
    private readonly Dictionary<string, CandidateSet> _modelSets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, ModelTier Tier), CandidateSet> _pinnedTierSets = [];
    private readonly Dictionary<string, CandidateSet> _pinnedPassThrough = new(StringComparer.OrdinalIgnoreCase);
    private readonly CandidateSet _passThrough;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(CandidateSet Set, UpstreamOperation Operation, Contracts.ContentKinds Content), CandidateSet> _narrowed = new();
    private readonly HashSet<string> _configuredModels;
    private readonly IReadOnlyDictionary<string, int> _contextWindows;

    public ModelResolver(GatewayOptions options, ProviderCatalog catalog)
    {
        _catalog = catalog;
        _tiers = new(options.Aliases, StringComparer.OrdinalIgnoreCase) { ["smart"] = ModelTier.Smart, ["fast"] = ModelTier.Fast };
        foreach (var tier in (ModelTier[])[ModelTier.Smart, ModelTier.Fast])
        {
            var name = tier.ToString().ToLowerInvariant();
            _tierSets[tier] = new CandidateSet($"tier:{name}", [.. catalog.Enabled
                .Where(p => p.Options.ModelFor(tier) is not null)
                .Select(p => new Candidate(p, p.Options.ModelFor(tier)))]);
            foreach (var provider in catalog.Enabled.Where(p => p.Options.ModelFor(tier) is not null))
            {
                _pinnedTierSets[(provider.Name, tier)] = new CandidateSet($"pinned:{provider.Name}:{name}", [new Candidate(provider, provider.Options.ModelFor(tier))]);
            }
        }

        foreach (var model in catalog.Enabled.SelectMany(ServedModels).Distinct(StringComparer.Ordinal))
        {
            _modelSets[model] = new CandidateSet($"model:{model}", [.. catalog.Enabled
                .Where(p => ServedModels(p).Contains(model, StringComparer.Ordinal))
                .Select(p => new Candidate(p, upstreamModel: null))]);
        }

        foreach (var provider in catalog.Enabled)
        {
            _pinnedPassThrough[provider.Name] = new CandidateSet($"pinned:{provider.Name}", [new Candidate(provider, upstreamModel: null)]);
        }

        _contextWindows = options.ContextWindows;
        _configuredModels = new HashSet<string>(catalog.Enabled.SelectMany(ServedModels), StringComparer.Ordinal);
        _passThrough = new CandidateSet("pass-through", [.. catalog.Enabled.Select(p => new Candidate(p, upstreamModel: null))]);
    }

    /// <summary>The context window of <paramref name="model"/> at <paramref name="provider"/>, when configured.</summary>
    public int? ContextWindow(Provider provider, string model) =>
        _contextWindows.TryGetValue(model, out var window) ? window : provider.Options.ContextWindow;

    /// <summary>The model as a metric label: configured models by name, anything a client made up as <c>other</c>.</summary>
    public string MetricLabel(string upstreamModel) => _configuredModels.Contains(upstreamModel) ? upstreamModel : Telemetry.GatewayMetrics.OtherModel;

    /// <summary>The tier a model name asks for, or <see cref="ModelTier.None"/>.</summary>
    public ModelTier TierOf(string model) => _tiers.GetValueOrDefault(model);

    /// <summary>Every name <c>/v1/models</c> lists: tiers and aliases, then each served upstream model.</summary>
    public IEnumerable<(string Id, string OwnedBy)> ListModels() =>
        _tiers.Keys.Order(StringComparer.Ordinal).Select(t => (t, "gateway"))
            .Concat(_modelSets.Keys.Order(StringComparer.Ordinal).Select(m => (m, string.Join(",", _modelSets[m].Candidates.ToArray().Select(c => c.Provider.Name)))));

    public Resolution Resolve(string model, string? pinnedProvider)
    {
        if (_catalog.Enabled.Count == 0)
        {
            return Resolution.Fail(503, "no_available_providers", "No available AI providers");
        }

        if (pinnedProvider is not null)
        {
            return _catalog.Find(pinnedProvider) is { } pinned
                ? ResolvePinned(pinned, model, rewrite: false)
                : Resolution.Fail(404, "provider_not_found", $"Unknown or disabled provider '{(Contracts.ModelName.IsValid(pinnedProvider) ? pinnedProvider : "(invalid name)")}' in X-Gateway-Provider.");
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _catalog.Find(model[..slash]) is { } prefixed)
        {
            return ResolvePinned(prefixed, model[(slash + 1)..], rewrite: true);
        }

        var tier = TierOf(model);
        if (tier != ModelTier.None)
        {
            var set = _tierSets[tier];
            return set.Count > 0
                ? Resolution.Of(set)
                : Resolution.Fail(404, "model_not_found", $"No enabled provider defines a {tier.ToString().ToLowerInvariant()} model for '{model}'.");
        }

        return Resolution.Of(_modelSets.TryGetValue(model, out var served) ? served : _passThrough);
    }

    /// <summary>
    /// The candidates of <paramref name="set"/> whose protocol can serve <paramref name="operation"/> with
    /// <paramref name="content"/>: the set itself when all can (the common case, no allocation), a filtered set
    /// (built once per set and need) when some can, a 400 naming the providers when none can.
    /// </summary>
    public Resolution Narrow(CandidateSet set, UpstreamOperation operation, Contracts.ContentKinds content)
    {
        var able = 0;
        foreach (var candidate in set.Candidates)
        {
            able += candidate.Provider.Adapter.CanServe(operation, content) ? 1 : 0;
        }

        if (able == set.Count)
        {
            return Resolution.Of(set);
        }

        if (able == 0)
        {
            var names = string.Join(", ", set.Candidates.ToArray().Select(c => c.Provider.Name));
            return Resolution.Fail(400, "unsupported_by_provider",
                $"No provider for this model can serve this request ({Describe(operation, content)}); candidates: {names}.", names);
        }

        return Resolution.Of(_narrowed.GetOrAdd((set, operation, content), static (key, _) => new CandidateSet(
            $"{key.Set.Name}|{key.Operation}|{key.Content}",
            [.. key.Set.Candidates.ToArray().Where(c => c.Provider.Adapter.CanServe(key.Operation, key.Content))]), 0));
    }

    private static string Describe(UpstreamOperation operation, Contracts.ContentKinds content) =>
        operation == UpstreamOperation.ChatCompletions && content != Contracts.ContentKinds.None ? $"chat with {content} content" : operation.ToString();

    /// <summary>A pinned provider; <paramref name="rewrite"/> when the model came as <c>provider/model</c> and must lose its prefix.</summary>
    private Resolution ResolvePinned(Provider provider, string model, bool rewrite)
    {
        var tier = TierOf(model);
        if (tier != ModelTier.None)
        {
            return _pinnedTierSets.TryGetValue((provider.Name, tier), out var tierSet)
                ? Resolution.Of(tierSet)
                : Resolution.Fail(404, "model_not_found", $"Provider '{provider.Name}' defines no {tier.ToString().ToLowerInvariant()} model.");
        }

        return Resolution.Of(!rewrite || model.Length == 0
            ? _pinnedPassThrough[provider.Name]
            : new CandidateSet($"pinned:{provider.Name}", [new Candidate(provider, model)]));
    }

    private static IEnumerable<string> ServedModels(Provider provider) =>
        provider.Options.Models.Concat(new[] { provider.Options.Smart, provider.Options.Fast }.OfType<string>());
}
