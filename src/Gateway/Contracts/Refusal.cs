namespace Gateway.Contracts;

/// <summary>
/// A request answered before any provider was tried: the status, the error code and message, how long to wait before
/// retrying, the providers it concerns and the headers that go with it. Routing, the candidate filters, admission and
/// the operation hooks return one; only the surface's result writer (<c>Endpoints/ResultWriter</c>) turns it into a
/// response, in the surface's own error shape.
/// </summary>
internal sealed record Refusal(int Status, string Code, string Message)
{
    /// <summary>Seconds to the <c>Retry-After</c> header (at least one); null: no header.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The providers the refusal is about, said in <c>x-gateway-provider</c>.</summary>
    public string? Providers { get; init; }

    /// <summary>Headers the refusal carries (the caller's rate-limit headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>OpenAI's error type for the status (shapes that keep a type use it).</summary>
    public string Type => Status switch
    {
        401 => ErrorTypes.Authentication,
        403 => ErrorTypes.Permission,
        429 => ErrorTypes.RateLimit,
        503 => ErrorTypes.ServiceUnavailable,
        >= 500 => ErrorTypes.Server,
        _ => ErrorTypes.InvalidRequest,
    };
}
