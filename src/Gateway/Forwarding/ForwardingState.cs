using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Selection;

namespace Gateway.Forwarding;

/// <summary>The running state of one request's attempts: the plan, what was tried and how each try failed.</summary>
internal sealed class ForwardingState(GatewayRequest request, AttemptPlan plan)
{
    private readonly Lock _gate = new();
    private List<string>? _failures;
    private int _attempts;

    public GatewayRequest Request => request;

    public AttemptPlan Plan => plan;

    /// <summary>Attempts started so far (a hedged run has two at once).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Counts an attempt starting; its number (1 for the first).</summary>
    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>After a context-length error: only candidates with a larger configured window may follow.</summary>
    public int? MinContextWindow { get; set; }

    /// <summary>The provider of the last failed attempt and why it failed, for the failover metric.</summary>
    public (string Provider, FailureKind Kind)? LastFailure { get; private set; }

    /// <summary>True while every failure so far was a rate limit (429).</summary>
    public bool OnlyRateLimited { get; private set; } = true;

    /// <summary>The Retry-After of the last failure, if it gave one.</summary>
    public TimeSpan? LastRetryAfter { get; private set; }

    /// <summary>Retries of this request on the provider that failed it (<see cref="SameProviderRetry"/>).</summary>
    public int SameProviderRetries { get; set; }

    /// <summary>The soonest Retry-After among the failures, if any gave one.</summary>
    public TimeSpan? SoonestRetryAfter { get; private set; }

    /// <summary>A chat stream that could be continued on another provider, and once it broke, its continuation (<see cref="StreamContinuations"/>).</summary>
    public StreamContinuation? Continuation { get; set; }

    public IReadOnlyList<string> Failures => (IReadOnlyList<string>?)_failures ?? [];

    /// <summary>Each failed attempt's provider and why (<c>HTTP 500</c>, <c>connect error</c>), in order, for the routing decision.</summary>
    public List<(string Provider, string Why)>? Failed { get; private set; }

    /// <summary>Candidates passed over at attempt time (their bulkhead full, their circuit opened meanwhile, a window too small), for the routing decision.</summary>
    public List<(string Provider, string Why)>? Skipped { get; private set; }

    public void AddSkipped(string provider, string why) => (Skipped ??= []).Add((provider, why));

    /// <summary>True when a candidate was passed over because it was at its <c>MaxInFlight</c> cap.</summary>
    public bool Saturated { get; set; }

    /// <summary>The provider whose response reached the client, once one did.</summary>
    public string? ServedBy { get; set; }

    /// <summary>True once the request's total deadline (<c>Timeouts:TotalSeconds</c>, across all attempts) passed.</summary>
    public bool DeadlinePassed { get; set; }

    /// <summary>Providers whose protocol had no form for this request, with the reason; tried only if nothing else could serve.</summary>
    public List<(string Provider, string Reason)>? Unsupported { get; private set; }

    public void AddUnsupported(string provider, string reason) => (Unsupported ??= []).Add((provider, reason));

    public void AddFailure(string provider, FailureKind kind, int status, TimeSpan? retryAfter)
    {
        // Two attempts of a hedged run may fail at once.
        lock (_gate)
        {
            AddFailureLocked(provider, kind, status, retryAfter);
        }
    }

    private void AddFailureLocked(string provider, FailureKind kind, int status, TimeSpan? retryAfter)
    {
        LastFailure = (provider, kind);
        LastRetryAfter = retryAfter;
        var why = status > 0 ? $"HTTP {status}" : FailureKinds.Describe(kind);
        (_failures ??= []).Add($"{provider} ({why})");
        (Failed ??= []).Add((provider, why));
        OnlyRateLimited &= kind == FailureKind.RateLimited;
        if (retryAfter is { } wait && (SoonestRetryAfter is null || wait < SoonestRetryAfter))
        {
            SoonestRetryAfter = wait;
        }
    }
}
