using Gateway.Health;
using Gateway.Selection;

namespace Gateway.Forwarding;

/// <summary>The running state of one request's attempts: the plan, what was tried and how each try failed.</summary>
internal sealed class ForwardingState(GatewayRequest request, AttemptPlan plan, UpstreamForwarder forwarder)
{
    private List<string>? _failures;

    public GatewayRequest Request => request;

    public AttemptPlan Plan => plan;

    public UpstreamForwarder Forwarder => forwarder;

    public int Attempts { get; set; }

    /// <summary>After a context-length error: only candidates with a larger configured window may follow.</summary>
    public int? MinContextWindow { get; set; }

    /// <summary>The provider of the last failed attempt and why it failed, for the failover metric.</summary>
    public (string Provider, FailureKind Kind)? LastFailure { get; private set; }

    /// <summary>True while every failure so far was a rate limit (429).</summary>
    public bool OnlyRateLimited { get; private set; } = true;

    /// <summary>The soonest Retry-After among the failures, if any gave one.</summary>
    public TimeSpan? SoonestRetryAfter { get; private set; }

    public IReadOnlyList<string> Failures => (IReadOnlyList<string>?)_failures ?? [];

    /// <summary>True when a candidate was passed over because it was at its <c>MaxInFlight</c> cap.</summary>
    public bool Saturated { get; set; }

    /// <summary>True from the moment an attempt holds the provider (a half-open probe) until its outcome is recorded.</summary>
    public bool OutcomePending { get; set; }

    /// <summary>Providers whose protocol had no form for this request, with the reason; tried only if nothing else could serve.</summary>
    public List<(string Provider, string Reason)>? Unsupported { get; private set; }

    public void AddUnsupported(string provider, string reason) => (Unsupported ??= []).Add((provider, reason));

    public void AddFailure(string provider, FailureKind kind, int status, TimeSpan? retryAfter)
    {
        LastFailure = (provider, kind);
        (_failures ??= []).Add(status > 0 ? $"{provider} (HTTP {status})" : $"{provider} ({Describe(kind)})");
        OnlyRateLimited &= kind == FailureKind.RateLimited;
        if (retryAfter is { } wait && (SoonestRetryAfter is null || wait < SoonestRetryAfter))
        {
            SoonestRetryAfter = wait;
        }
    }

    /// <summary>The error type label of a failure (timeout, connect, 5xx, 429, stream_aborted).</summary>
    public static string ErrorType(FailureKind kind) => kind switch
    {
        FailureKind.Connect => "connect",
        FailureKind.HeadersTimeout or FailureKind.FirstTokenTimeout or FailureKind.IdleTimeout or FailureKind.TotalTimeout => "timeout",
        FailureKind.ServerError => "5xx",
        FailureKind.ContextLength => "4xx",
        FailureKind.RateLimited => "429",
        FailureKind.Credential => "credential",
        FailureKind.Redirect => "3xx",
        _ => "stream_aborted",
    };

    /// <summary>The reason label of a failure (snake case of the kind).</summary>
    public static string Reason(FailureKind kind) => kind switch
    {
        FailureKind.Connect => "connect",
        FailureKind.HeadersTimeout => "headers_timeout",
        FailureKind.FirstTokenTimeout => "first_token_timeout",
        FailureKind.IdleTimeout => "idle_timeout",
        FailureKind.TotalTimeout => "total_timeout",
        FailureKind.ServerError => "server_error",
        FailureKind.RateLimited => "rate_limited",
        FailureKind.StreamError => "stream_error",
        FailureKind.StreamTruncated => "stream_truncated",
        FailureKind.ContextLength => "context_length",
        FailureKind.Credential => "credential",
        FailureKind.Redirect => "redirect",
        _ => "none",
    };

    public static string Describe(FailureKind kind) => kind switch
    {
        FailureKind.Connect => "connection failed",
        FailureKind.HeadersTimeout => "timed out waiting for response headers",
        FailureKind.FirstTokenTimeout => "timed out waiting for the first token",
        FailureKind.IdleTimeout => "stream idle too long",
        FailureKind.TotalTimeout => "total timeout",
        FailureKind.ServerError => "server error",
        FailureKind.RateLimited => "rate limited",
        FailureKind.StreamError => "stream failed before the first token",
        FailureKind.StreamTruncated => "stream interrupted",
        FailureKind.ContextLength => "context length exceeded",
        FailureKind.Credential => "the provider rejected the gateway's credential",
        FailureKind.Redirect => "unexpected redirect",
        _ => "failed",
    };
}
