namespace Gateway.Health;

/// <summary>How one upstream attempt ended, as far as the provider's health is concerned.</summary>
/// <param name="Kind">Success, failure, or abandoned by the client (which says nothing about the provider).</param>
/// <param name="Failure">What went wrong, for a failure.</param>
/// <param name="Latency">Time to the response headers.</param>
/// <param name="RetryAfter">How long the provider asked us to stay away (429/503 Retry-After).</param>
/// <param name="FirstToken">For streams, time to the first content token.</param>
/// <param name="Probe">An active probe's answer (<c>GET /models</c>): it counts for the circuit and the score, never for the latency averages.</param>
internal readonly record struct AttemptOutcome(OutcomeKind Kind, FailureKind Failure, TimeSpan Latency, TimeSpan? RetryAfter, TimeSpan? FirstToken = null, bool Probe = false)
{
    public static AttemptOutcome Success(TimeSpan latency, TimeSpan? firstToken = null) => new(OutcomeKind.Success, FailureKind.None, latency, null, firstToken);

    public static AttemptOutcome Failed(FailureKind failure, TimeSpan latency, TimeSpan? retryAfter = null) =>
        new(OutcomeKind.Failure, failure, latency, retryAfter);

    public static AttemptOutcome Abandoned { get; } = new(OutcomeKind.Abandoned, FailureKind.None, TimeSpan.Zero, null);
}

/// <summary>The three ways an attempt ends for health purposes.</summary>
internal enum OutcomeKind
{
    Success,
    Failure,
    Abandoned,
}

/// <summary>Why an attempt failed; also the reason a failover happened.</summary>
internal enum FailureKind
{
    None,
    Connect,
    HeadersTimeout,
    FirstTokenTimeout,
    IdleTimeout,
    TotalTimeout,
    ServerError,
    RateLimited,
    StreamError,
    StreamTruncated,
    ContextLength,

    /// <summary>The provider refused the gateway's own credential (401, 403, 407): the provider key is broken.</summary>
    Credential,

    /// <summary>The provider answered with a redirect (3xx), which the gateway never follows with a provider key.</summary>
    Redirect,

    /// <summary>
    /// The destination was refused: the outbound rule at connect time, or the provider answered 508 (the request
    /// looped back through a gateway). Not transient: never retried on the same provider.
    /// </summary>
    Refused,

    /// <summary>A stream sent more events that are not valid JSON than it may (<c>Gateway:Streams:MaxMalformedEvents</c>): its answer cannot be trusted.</summary>
    MalformedEvents,
}
