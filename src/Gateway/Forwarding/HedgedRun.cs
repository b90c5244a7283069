using Gateway.Routing;
using Polly;

namespace Gateway.Forwarding;

/// <summary>
/// One hedged run: the attempt on <paramref name="primary"/> (with its same-provider retries) and, if it has neither
/// answered nor failed after the delay, one hedge on the plan's next candidate. Each runs in a <see cref="HedgeLane"/>
/// of one <see cref="HedgeRace"/>. A lane cancelled because the other won ends as a retryable result, which the
/// hedging strategy handles (waits for the other), never as an exception that would be taken for the answer.
/// </summary>
internal sealed class HedgedRun(ForwardingState state, Candidate primary, AttemptRunner runner, TimeSpan delay)
{
    private volatile bool _primaryDone;

    public HedgeRace Race { get; } = new();

    public Candidate Primary => primary;

    public TimeSpan Delay => delay;

    /// <summary>The hedge's lane, once one started.</summary>
    public HedgeLane? Hedge { get; private set; }

    /// <summary>The hedging strategy's primary callback.</summary>
    public async ValueTask<AttemptResult> PrimaryAsync(CancellationToken token)
    {
        using var lane = Race.Join(token, isHedge: false);
        try
        {
            return await runner.RunCandidateAsync(state, primary, lane.Token, lane).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lane.Lost)
        {
            return AttemptResult.Retryable;
        }
        finally
        {
            _primaryDone = true;
        }
    }

    /// <summary>
    /// The hedge, when the delay passed with the primary still waiting for its first token; null (no hedge) when the
    /// primary already claimed the response or ended (a failure goes back to the attempt loop as before), or when
    /// the plan has no other candidate.
    /// </summary>
    public Func<ValueTask<Outcome<AttemptResult>>>? StartHedge(CancellationToken token)
    {
        if (_primaryDone || Race.Winner is not null || !state.Plan.HasNext)
        {
            return null;
        }

        return async () => Outcome.FromResult(await HedgeAsync(token).ConfigureAwait(false));
    }

    private async ValueTask<AttemptResult> HedgeAsync(CancellationToken token)
    {
        using var lane = Race.Join(token, isHedge: true);
        Hedge = lane;
        try
        {
            // No candidate left for the hedge is the hedge's failure, not the request's end: the primary may still answer.
            var result = await runner.RunAsync(state, lane.Token, lane).ConfigureAwait(false);
            return result == AttemptResult.Exhausted ? AttemptResult.Retryable : result;
        }
        catch (OperationCanceledException) when (lane.Lost)
        {
            return AttemptResult.Retryable;
        }
    }
}
