using Gateway.Health;
using Gateway.Routing;

namespace Gateway.Forwarding;

/// <summary>One attempt in flight: which candidate, the model sent, and the timer that enforces its timeouts.</summary>
internal sealed class UpstreamAttempt(ForwardingState state, Candidate candidate, string model, string modelLabel, CancellationTokenSource timer, long startedAt)
{
    /// <summary>The model as a bounded metric label.</summary>
    public string ModelLabel => modelLabel;

    /// <summary>The attempt's span, when tracing is on.</summary>
    public System.Diagnostics.Activity? Activity { get; init; }

    public ForwardingState State => state;

    public Candidate Candidate => candidate;

    public string Model => model;

    public CancellationToken Token => timer.Token;

    /// <summary>Time until the upstream's response headers arrived.</summary>
    public TimeSpan HeadersLatency { get; set; }

    public TimeSpan Elapsed(TimeProvider time) => time.GetElapsedTime(startedAt);

    /// <summary>Cancels the attempt after <paramref name="timeout"/>, or at the total deadline if that is sooner.</summary>
    public void Arm(TimeSpan timeout, TimeProvider time)
    {
        var left = candidate.Provider.Options.Timeouts.Total - Elapsed(time);
        timer.CancelAfter(left < timeout ? (left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1)) : timeout);
    }

    /// <summary>Which timeout fired: the total deadline if it has passed, else the phase's own.</summary>
    public FailureKind TimeoutKind(FailureKind phase, TimeProvider time) =>
        Elapsed(time) >= candidate.Provider.Options.Timeouts.Total ? FailureKind.TotalTimeout : phase;
}
