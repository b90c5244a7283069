using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Routing;

/// <summary>
/// Keeps the candidates whose protocol can serve the operation with the request's content parts (images, <c>n</c>,
/// <c>logprobs</c>): the set itself when all can (the common case, no allocation), a narrowed set built once per set
/// and need of the table when some can, a 400 <c>unsupported_by_provider</c> naming the providers when none can.
/// </summary>
internal sealed class ProtocolCapabilityFilter : ICandidateFilter
{
    public int Order => CandidateFilterOrder.Capability;

    public Resolution Apply(CandidateSet set, in CandidateQuery query)
    {
        var need = (query.Operation, query.Content);
        if (AllServe(set, need))
        {
            return Resolution.Of(set);
        }

        var kept = query.Table.Derive(set, nameof(ProtocolCapabilityFilter), ((long)query.Operation << 32) | (long)query.Content,
            static (c, n) => c.Provider.Adapter.CanServe(n.Operation, n.Content), need, static n => $"{n.Operation}|{n.Content}");
        if (kept is not null)
        {
            return Resolution.Of(kept);
        }

        var names = string.Join(", ", set.Candidates.ToArray().Select(c => c.Provider.Name));
        return Resolution.Fail(400, "unsupported_by_provider",
            $"No provider for this model can serve this request ({Describe(query.Operation, query.Content)}); candidates: {names}.", names);
    }

    private static bool AllServe(CandidateSet set, (UpstreamOperation Operation, ContentKinds Content) need)
    {
        foreach (var candidate in set.Candidates)
        {
            if (!candidate.Provider.Adapter.CanServe(need.Operation, need.Content))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the request needs, naming the parameters a provider would have to drop.</summary>
    private static string Describe(UpstreamOperation operation, ContentKinds content)
    {
        const ContentKinds Parts = ContentKinds.Image | ContentKinds.Audio | ContentKinds.File;
        var needs = new List<string>(3);
        if ((content & Parts) != 0)
        {
            needs.Add($"{content & Parts} content");
        }

        if (content.HasFlag(ContentKinds.ManyChoices))
        {
            needs.Add("parameter 'n' above 1");
        }

        if (content.HasFlag(ContentKinds.Logprobs))
        {
            needs.Add("parameter 'logprobs'");
        }

        var name = operation == UpstreamOperation.ChatCompletions ? "chat" : operation.ToString();
        return needs.Count == 0 ? name : $"{name} with {string.Join(", ", needs)}";
    }
}
