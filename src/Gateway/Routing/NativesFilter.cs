namespace Gateway.Routing;

/// <summary>
/// For a request only a provider serving the format's own API can answer (a <c>previous_response_id</c> or item the
/// gateway does not hold, a token count a provider can make): keeps those providers. None: the request's refusal, or
/// <see cref="Resolution.None"/> when the operation answers such a request itself (the gateway's token estimate).
/// Requests without that need pass untouched.
/// </summary>
internal sealed class NativesFilter : ICandidateFilter
{
    public int Order => CandidateFilterOrder.Natives;

    public Resolution Apply(CandidateSet set, in CandidateQuery query)
    {
        if (query.NativesOnly is not { } operation)
        {
            return Resolution.Of(set);
        }

        var kept = query.Table.Derive(set, nameof(NativesFilter), (long)operation,
            static (c, op) => c.Provider.Adapter.ServesNatively(op), operation, static op => "native-" + op);
        return kept is not null ? Resolution.Of(kept)
            : query.WithoutNatives is { } refusal ? Resolution.Fail(refusal with { Providers = null })
            : Resolution.None;
    }
}
