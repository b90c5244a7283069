using System.Collections.Frozen;
using Gateway.Configuration;

namespace Gateway.Selection;

/// <summary>
/// Who chooses a request's strategy: the request (<c>x-gateway-strategy</c>) when its key may choose
/// (<c>Gateway:Selection:ClientsMayChoose</c>, or the key's own <c>chooseStrategy</c>), else its key's default
/// strategy, else its tier's (<c>Gateway:Selection:Tiers</c>, <see cref="ForTier"/>), else the configured rotation.
/// Keys are known by their id; settings come from configuration, so they apply to managed keys too (by id) without a
/// store column.
/// </summary>
internal sealed class KeyStrategies
{
    private readonly StrategyCatalog _catalog;
    private readonly bool _mayChoose;
    private readonly FrozenDictionary<string, (ISelectionStrategy? Default, bool MayChoose)> _keys;
    private readonly FrozenDictionary<string, ISelectionStrategy> _tiers;

    public KeyStrategies(StrategyCatalog catalog, GatewayOptions options)
    {
        _catalog = catalog;
        _mayChoose = options.Selection.ClientsMayChoose;
        _keys = options.Selection.Keys.ToFrozenDictionary(
            k => k.Key,
            k => (k.Value.Strategy is { } name && catalog.TryGet(name, out var strategy) ? strategy : null, k.Value.MayChoose ?? _mayChoose),
            StringComparer.Ordinal);
        _tiers = options.Selection.Tiers
            .Select(t => (t.Key, Strategy: catalog.TryGet(t.Value, out var strategy) ? strategy : null))
            .Where(t => t.Strategy is not null)
            .ToFrozenDictionary(t => t.Key, t => t.Strategy!, StringComparer.Ordinal);
    }

    /// <summary>Whether any tier has a strategy of its own (else nobody needs to look a request's tier up).</summary>
    public bool AnyTier => _tiers.Count > 0;

    /// <summary>The strategy of requests for <paramref name="tier"/> that neither they nor their key chose; null: the rotation.</summary>
    public ISelectionStrategy? ForTier(ModelTier tier) =>
        tier != ModelTier.None && _tiers.TryGetValue(tier == ModelTier.Smart ? "smart" : "fast", out var strategy) ? strategy : null;

    /// <summary>The strategy of a request by the key <paramref name="keyId"/> (null: none) that named <paramref name="named"/> (empty: none).</summary>
    public StrategyChoice Choose(string? keyId, string named)
    {
        var (fallback, mayChoose) = keyId is not null && _keys.TryGetValue(keyId, out var key) ? key : (null, _mayChoose);
        if (named.Length == 0)
        {
            return new StrategyChoice(fallback);
        }

        if (!mayChoose)
        {
            return new StrategyChoice(null, 403, "strategy_not_allowed", $"This key may not choose its strategy ({StrategyCatalog.Header.ToLowerInvariant()}).");
        }

        return _catalog.TryGet(named, out var chosen)
            ? new StrategyChoice(chosen)
            : new StrategyChoice(null, 400, "unknown_strategy", $"Unknown {StrategyCatalog.Header.ToLowerInvariant()}; use one of: {string.Join(", ", _catalog.Names)}.");
    }
}
