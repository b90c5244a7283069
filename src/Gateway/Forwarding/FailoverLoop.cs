using Gateway.Configuration;

namespace Gateway.Forwarding;

/// <summary>
/// The rules of a request's attempts, one after another: its deadline and whether another attempt follows. One
/// token, cancelled at the request's total (<c>Timeouts:TotalSeconds</c>, across all attempts, on the injected
/// <see cref="TimeProvider"/>) or when the client leaves, is the one every attempt uses, so the deadline cancels
/// whatever attempt is running, a stream already flowing included. A retry goes at once to the next candidate (never
/// back to the same one), up to <c>MaxRetries</c> extra attempts, only for outcomes that left the client untouched and
/// never once the deadline passed.
/// </summary>
/// <remarks>
/// <see cref="RequestForwarder"/> runs the loop itself, with these rules: a loop method of its own here would be one
/// more state machine held by every open stream (168 B) and resumed once more per request. An honest loop rather than a
/// Polly.Core pipeline (timeout around retry, as before): with no delay, no jitter and no per-attempt policy, the
/// pipeline only added its own layers to every request (four state machines, a pooled context and a second
/// cancellation source: about 750 bytes and a few microseconds), and no behaviour.
/// </remarks>
internal sealed class FailoverLoop(GatewayOptions options, TimeProvider time)
{
    /// <summary>The longest deadline a timer takes; a configured total beyond it waits this long.</summary>
    private static readonly TimeSpan LongestTotal = TimeSpan.FromDays(1);

    private readonly TimeSpan _total = options.Timeouts.Total > LongestTotal ? LongestTotal : options.Timeouts.Total;
    private readonly int _maxRetries = options.RetryFailed ? Math.Max(0, options.MaxRetries) : 0;

    /// <summary>The requests' deadline sources, reused from one request to the next.</summary>
    private readonly CancellationSources _sources = new(time);

    /// <summary>The request's deadline from now, cancelled as well when <paramref name="aborted"/> is (the client left).</summary>
    public Deadline Start(CancellationToken aborted)
    {
        var source = _sources.Rent();
        source.CancelAfter(_total);
        return new Deadline(_sources, source, aborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source), aborted);
    }

    /// <summary>
    /// Whether another attempt follows the one that ended in <paramref name="result"/> after <paramref name="retries"/>
    /// retries: only for a failure that left the client untouched (or a stream to continue), while retries remain, the
    /// deadline has not passed and the plan has another candidate.
    /// </summary>
    public bool Again(AttemptResult result, int retries, in Deadline deadline, ForwardingState state) =>
        result is (AttemptResult.Retryable or AttemptResult.Continue) && retries < _maxRetries && !deadline.Token.IsCancellationRequested && state.Plan.HasNext;

    /// <summary>A request's deadline: its token for every attempt, and whether it is what cancelled an attempt.</summary>
    internal readonly struct Deadline(CancellationSources sources, CancellationTokenSource source, CancellationTokenRegistration leaving, CancellationToken aborted) : IDisposable
    {
        public CancellationToken Token => source.Token;

        /// <summary>Whether the deadline passed (not the client leaving): then no further attempt starts.</summary>
        public bool Passed => source.IsCancellationRequested && !aborted.IsCancellationRequested;

        /// <summary>Unlinks the client (waiting out its callback if it runs) and gives the source back. Once: a <c>using</c>.</summary>
        public void Dispose()
        {
            leaving.Dispose();
            sources.Return(source);
        }
    }
}
