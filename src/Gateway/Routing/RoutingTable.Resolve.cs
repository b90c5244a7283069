using Gateway.Configuration;
using Gateway.Providers;

namespace Gateway.Routing;

internal sealed partial class RoutingTable
{
    /// <summary>The candidates for the client's model name and optional pinned provider, or why there are none.</summary>
    public Resolution Resolve(string model, string? pinnedProvider)
    {
        if (Catalog.Enabled.Count == 0)
        {
            return Resolution.Fail(503, "no_available_providers", "No available AI providers");
        }

        if (pinnedProvider is not null)
        {
            return Catalog.Find(pinnedProvider) is { } pinned
                ? ResolvePinned(pinned, model, rewrite: false)
                : Resolution.Fail(404, "provider_not_found", $"Unknown or disabled provider '{(Contracts.ModelName.IsValid(pinnedProvider) ? pinnedProvider : "(invalid name)")}' in X-Gateway-Provider.");
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && Catalog.Find(model[..slash]) is { } prefixed)
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

    /// <summary>What the request needs, naming the parameters a provider would have to drop.</summary>
    private static string Describe(UpstreamOperation operation, Contracts.ContentKinds content)
    {
        const Contracts.ContentKinds Parts = Contracts.ContentKinds.Image | Contracts.ContentKinds.Audio | Contracts.ContentKinds.File;
        var needs = new List<string>(3);
        if ((content & Parts) != 0)
        {
            needs.Add($"{content & Parts} content");
        }

        if (content.HasFlag(Contracts.ContentKinds.ManyChoices))
        {
            needs.Add("parameter 'n' above 1");
        }

        if (content.HasFlag(Contracts.ContentKinds.Logprobs))
        {
            needs.Add("parameter 'logprobs'");
        }

        var name = operation == UpstreamOperation.ChatCompletions ? "chat" : operation.ToString();
        return needs.Count == 0 ? name : $"{name} with {string.Join(", ", needs)}";
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
