using Gateway.Configuration;
using Gateway.Providers;

namespace Gateway.Routing;

internal sealed partial class RoutingTable
{
    /// <summary>
    /// The candidates for the client's model name and optional pinned provider, or why there are none. In an owner's
    /// view (<see cref="For"/>): a pin names one provider (the owner's or a global one); otherwise the owner's
    /// candidates (its default provider first) come before the global ones.
    /// </summary>
    public Resolution Resolve(string model, string? pinnedProvider)
    {
        var own = ResolveHere(model, pinnedProvider, out var pinned);
        if (_global is null)
        {
            return own;
        }

        var global = _global.ResolveHere(model, pinnedProvider, out var globalPinned);
        if (own.Candidates is not { } mine)
        {
            return global.Candidates is not null || _global._members.Count > 0 || _members.Count == 0 ? global : own;
        }

        if (pinned || globalPinned || global.Candidates is not { } theirs)
        {
            return pinned || global.Candidates is null ? DefaultFirst(mine, pinned) : global;
        }

        return Resolution.Of(_chains.GetOrAdd((mine, theirs), static (key, self) =>
            CandidateSet.Chain([.. (self.DefaultFirst(key.Own, pinned: false).Candidates!.Links ?? [key.Own]), key.Global]), this));
    }

    /// <summary>This scope's own resolution: the global providers in the table, an owner's in its view.</summary>
    private Resolution ResolveHere(string model, string? pinnedProvider, out bool pinned)
    {
        pinned = false;
        if (_members.Count == 0)
        {
            return Resolution.Fail(503, "no_available_providers", "No available AI providers");
        }

        if (pinnedProvider is not null)
        {
            pinned = _members.ContainsKey(pinnedProvider);
            return _members.GetValueOrDefault(pinnedProvider) is { } found
                ? ResolvePinned(found, model, rewrite: false)
                : Resolution.Fail(404, "provider_not_found", $"Unknown or disabled provider '{(Contracts.ModelName.IsValid(pinnedProvider) ? pinnedProvider : "(invalid name)")}' in X-Gateway-Provider.");
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _members.GetValueOrDefault(model[..slash]) is { } prefixed)
        {
            pinned = true;
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

    /// <summary>An owner's set with its default provider (when among several) as a first link of its own.</summary>
    private Resolution DefaultFirst(CandidateSet set, bool pinned)
    {
        if (pinned || set.Count < 2)
        {
            return Resolution.Of(set);
        }

        var candidates = set.Candidates.ToArray();
        var preferred = Array.FindIndex(candidates, c => c.Provider.Options.IsDefault);
        if (preferred < 0)
        {
            return Resolution.Of(set);
        }

        return Resolution.Of(CandidateSet.Chain([
            new CandidateSet($"{set.Name}:default", [candidates[preferred]]),
            new CandidateSet(set.Name, [.. candidates.Where((_, i) => i != preferred)])]));
    }

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
}
