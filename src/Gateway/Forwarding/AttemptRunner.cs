using System.Diagnostics;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Providers;
using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Gateway.Forwarding;

/// <summary>
/// One pass of the attempt loop: the next candidate that may be tried (context window, bulkhead slot, health gate),
/// then the sender. Whatever happens, the bulkhead slot is released and the attempt ends in exactly one record: an
/// exception still produces one (<see cref="AttemptEnd.Abandoned"/>), which releases a half-open probe.
/// </summary>
internal sealed partial class AttemptRunner(
    IHealthStore health,
    ProviderConcurrency concurrency,
    GatewayMetrics metrics,
    AttemptSender sender,
    SameProviderRetry retry,
    FirstTokenHedging hedging,
    IAttemptOutcomeSink sink,
    TimeProvider time,
    ILogger<AttemptRunner> logger)
{
    /// <summary>The attempts' cancellation sources, reused from one attempt to the next.</summary>
    private readonly CancellationSources _sources = new(time);

    /// <param name="state">The request's attempts so far.</param>
    /// <param name="deadline">The pipeline's token: cancelled at the request's total deadline, or when the client leaves.</param>
    public ValueTask<AttemptResult> RunAsync(ForwardingState state, CancellationToken deadline) => RunAsync(state, deadline, lane: null);

    /// <summary>The next candidate's attempt; hedged when its provider says so (not inside a hedge: <paramref name="lane"/> set).</summary>
    /// <remarks>Not itself async: it only chooses, and returns the attempt's task (one state machine less per request, held as long as a stream).</remarks>
    internal ValueTask<AttemptResult> RunAsync(ForwardingState state, CancellationToken deadline, HedgeLane? lane)
    {
        if (deadline.IsCancellationRequested)
        {
            // The deadline passed between two attempts: no further attempt.
            state.DeadlinePassed |= !state.Request.Context.RequestAborted.IsCancellationRequested && lane?.Lost != true;
            return ValueTask.FromResult(AttemptResult.Exhausted);
        }

        Candidate candidate;
        do
        {
            if (!state.Plan.TryNext(out candidate))
            {
                return ValueTask.FromResult(AttemptResult.Exhausted);
            }
        }
        while (!FitsContext(state, candidate) || !StreamContinuations.MayTry(state, candidate.Provider) || !TryHold(state, candidate.Provider));

        if (lane is { IsHedge: true })
        {
            Log.Hedge(logger, candidate.Provider.Name, state.Attempts + 1, state.Request.Context.TraceIdentifier);
        }
        else if (state.LastFailure is { } previous)
        {
            Log.Failover(logger, candidate.Provider.Name, state.Attempts + 1, state.Request.Context.TraceIdentifier);
            metrics.Failovers.Add(1, GatewayMetrics.Tags("from", previous.Provider, "to", candidate.Provider.Name, "reason", FailureKinds.Reason(previous.Kind)));
        }

        return lane is null && hedging.Delay(state, candidate) is { } delay
            ? hedging.RunAsync(state, candidate, delay, this, deadline)
            : RunCandidateAsync(state, candidate, deadline, lane);
    }

    /// <summary>The attempt on a held <paramref name="candidate"/>, then its same-provider retries when they apply.</summary>
    internal ValueTask<AttemptResult> RunCandidateAsync(ForwardingState state, Candidate candidate, CancellationToken deadline, HedgeLane? lane) =>
        AttemptAsync(state, candidate, deadline, lane, mayRetry: true);

    /// <summary>One more attempt on the candidate that just failed, if its bulkhead and health gate let it through now.</summary>
    private static ValueTask<AttemptResult> RetryAsync((AttemptRunner Runner, ForwardingState State, Candidate Candidate, HedgeLane? Lane) retry, CancellationToken deadline) =>
        retry.Runner.RetryOnceAsync(retry.State, retry.Candidate, retry.Lane, deadline);

    private ValueTask<AttemptResult> RetryOnceAsync(ForwardingState state, Candidate candidate, HedgeLane? lane, CancellationToken deadline)
    {
        if (deadline.IsCancellationRequested || lane?.Lost == true || !TryHold(state, candidate.Provider))
        {
            return ValueTask.FromResult(AttemptResult.Retryable);
        }

        Log.Retry(logger, candidate.Provider.Name, state.Attempts + 1, state.Request.Context.TraceIdentifier);
        return AttemptAsync(state, candidate, deadline, lane, mayRetry: false);
    }

    /// <summary>
    /// One attempt on a held candidate; its bulkhead slot is released and its record written whatever happens. Then,
    /// when <paramref name="mayRetry"/>, the same-provider retries if they apply: in this method rather than in a caller
    /// awaiting it, so that an open stream holds one state machine for its attempt, not two.
    /// </summary>
    private async ValueTask<AttemptResult> AttemptAsync(ForwardingState state, Candidate candidate, CancellationToken deadline, HedgeLane? lane, bool mayRetry)
    {
        AttemptResult result;
        var provider = candidate.Provider;

        // The attempt's span, timer and record end with this block, before any retry starts.
        {
            var number = state.NextAttempt();
            var model = candidate.UpstreamModel ?? state.Request.Envelope.Model;
            using var activity = GatewayActivitySource.Source.StartActivity("gateway.upstream.attempt", ActivityKind.Client);
            activity?.SetTag("gateway.provider", provider.Name);
            activity?.SetTag("gateway.model", model);
            activity?.SetTag("gateway.attempt", number);
            var genAi = GenAiNames.For(state.Request, provider);
            if (activity is not null)
            {
                activity.SetTag(GenAiConventions.OperationName, genAi.Operation);
                activity.SetTag(GenAiConventions.ProviderName, genAi.Provider);
                activity.SetTag(GenAiConventions.RequestModel, model);
            }

            using var attempt = new UpstreamAttempt(state, candidate, model, state.Request.Table.MetricLabel(model), genAi,
                new AttemptTimer(deadline, provider.Options.Timeouts.Total, _sources), sink, activity, lane);

            try
            {
                var step = await sender.SendAsync(attempt).ConfigureAwait(false);
                result = step.Stream is { } released ? await released.RunAsync().ConfigureAwait(false) : step.Result;
                if (result == AttemptResult.Committed)
                {
                    state.ServedBy = provider.Name;
                }
            }
            finally
            {
                concurrency.Exit(provider.Name);
                if (!attempt.Finished)
                {
                    attempt.Finish(attempt.Lost ? AttemptEnd.HedgeLost : AttemptEnd.Abandoned);
                }
            }
        }

        return mayRetry && result == AttemptResult.Retryable && lane?.Lost != true && retry.Applies(state, candidate)
            ? await retry.RunAsync(state, (Runner: this, State: state, Candidate: candidate, Lane: lane), RetryAsync, deadline).ConfigureAwait(false)
            : result;
    }

    /// <summary>A bulkhead slot, then the health gate (which may be a half-open probe); a provider at its cap is passed over.</summary>
    private bool TryHold(ForwardingState state, Provider provider)
    {
        if (!concurrency.TryEnter(provider.Name, provider.Options.MaxInFlight))
        {
            state.Saturated = true;
            state.AddSkipped(provider.Name, "at its MaxInFlight cap");
            return false;
        }

        if (health.TryBeginAttempt(provider.Name))
        {
            return true;
        }

        concurrency.Exit(provider.Name);
        state.AddSkipped(provider.Name, "its health gate closed (circuit opened or half-open probe taken)");
        return false;
    }

    /// <summary>After a context-length error, a candidate is tried only if its configured window is larger.</summary>
    private bool FitsContext(ForwardingState state, Candidate candidate)
    {
        if (state.MinContextWindow is not { } min || state.Request.Table.ContextWindow(candidate.Provider, candidate.UpstreamModel ?? state.Request.Envelope.Model) > min)
        {
            return true;
        }

        state.AddSkipped(candidate.Provider.Name, "context window too small");
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Failover, Level = LogLevel.Information, Message = "Failing over to {Provider} (attempt {Attempt}) for request {RequestId}")]
        public static partial void Failover(ILogger logger, string provider, int attempt, string requestId);

        [LoggerMessage(EventId = EventIds.HedgeStarted, Level = LogLevel.Information, Message = "Hedging on {Provider} (attempt {Attempt}) for request {RequestId}")]
        public static partial void Hedge(ILogger logger, string provider, int attempt, string requestId);

        [LoggerMessage(EventId = EventIds.SameProviderRetry, Level = LogLevel.Information, Message = "Retrying on {Provider} (attempt {Attempt}) for request {RequestId}")]
        public static partial void Retry(ILogger logger, string provider, int attempt, string requestId);
    }
}
