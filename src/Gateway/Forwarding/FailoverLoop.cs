using Gateway.Configuration;

namespace Gateway.Forwarding;

/// <summary>
/// Runs a request's attempts and owns its deadline: one token, cancelled at the request's total
/// (<c>Timeouts:TotalSeconds</c>, across all attempts, on the injected <see cref="TimeProvider"/>) or when the client
/// leaves, is the one every attempt uses, so the deadline cancels whatever attempt is running, a stream already
/// flowing included. A retry goes at once to the next candidate (never back to the same one), up to
/// <c>MaxRetries</c> extra attempts, only for outcomes that left the client untouched and never once the deadline passed.
/// </summary>
/// <remarks>
/// An honest loop rather than a Polly.Core pipeline (timeout around retry, as before): with no delay, no jitter and
/// no per-attempt policy, the pipeline only added its own layers to every request (four state machines, a pooled
/// context and a second cancellation source: about 750 bytes and a few microseconds), and no behaviour.
/// </remarks>
internal sealed class FailoverLoop(GatewayOptions options, TimeProvider time)
{
    /// <summary>The longest deadline a timer takes; a configured total beyond it waits this long.</summary>
    private static readonly TimeSpan LongestTotal = TimeSpan.FromDays(1);

    private readonly TimeSpan _total = options.Timeouts.Total > LongestTotal ? LongestTotal : options.Timeouts.Total;
    private readonly int _maxRetries = options.RetryFailed ? Math.Max(0, options.MaxRetries) : 0;

    /// <summary>
    /// The last attempt's result. When the deadline passes, <see cref="ForwardingState.DeadlinePassed"/> is set and no
    /// further attempt starts; throws <see cref="OperationCanceledException"/> only when the client left.
    /// </summary>
    public async ValueTask<AttemptResult> ExecuteAsync(ForwardingState state, AttemptRunner runner)
    {
        var aborted = state.Request.Context.RequestAborted;
        using var deadline = new CancellationTokenSource(_total, time);
        using var leaving = aborted.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        for (var retries = 0; ; retries++)
        {
            AttemptResult result;
            try
            {
                result = await runner.RunAsync(state, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                state.DeadlinePassed = true;
                return AttemptResult.Exhausted;
            }

            if (result is not (AttemptResult.Retryable or AttemptResult.Continue) || retries >= _maxRetries || deadline.IsCancellationRequested || !state.Plan.HasNext)
            {
                return result;
            }
        }
    }
}
