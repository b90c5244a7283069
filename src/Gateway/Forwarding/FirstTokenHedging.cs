using Gateway.Contracts;
using Gateway.Configuration;
using Gateway.Routing;
using Gateway.Stats;
using Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Hedging;

namespace Gateway.Forwarding;

/// <summary>
/// Hedged first tokens, with Polly.Core's hedging strategy on the injected <see cref="TimeProvider"/>: when the
/// provider of an attempt has hedging on (<see cref="HedgeOptions"/>) and the plan has another candidate, the attempt
/// runs as the primary of a <see cref="HedgedRun"/>; if after the delay (fixed, or the provider's recent p95 time to
/// first token) it has not produced its first token, the next candidate starts too. The first lane to produce a token
/// (for a plain response, its first body bytes) claims the client's response and the other is cancelled; each attempt
/// ends in its own record, the loser as <see cref="Outcomes.AttemptEnd.HedgeLost"/> (not judged, nothing billed).
/// A provider without hedging never enters the pipeline.
/// </summary>
internal sealed partial class FirstTokenHedging
{
    private static readonly ResiliencePropertyKey<HedgedRun> RunKey = new("gateway.hedged-run");

    private readonly GatewayOptions _options;
    private readonly ReplicaStats _stats;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<FirstTokenHedging> _logger;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public FirstTokenHedging(GatewayOptions options, ReplicaStats stats, GatewayMetrics metrics, TimeProvider time, ILogger<FirstTokenHedging> logger)
    {
        (_options, _stats, _metrics, _logger) = (options, stats, metrics, logger);
        _pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddHedging(new HedgingStrategyOptions<AttemptResult>
            {
                MaxHedgedAttempts = 1,

                // A failed or cancelled lane waits for the other; an answer (or the client leaving) ends the run.
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result == AttemptResult.Retryable),

                // Once a lane has the response, no hedge: wait for it to end (a negative delay).
                DelayGenerator = static args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(RunKey, out var run) && run.Race.Winner is null ? run.Delay : Timeout.InfiniteTimeSpan),
                ActionGenerator = static args => args.PrimaryContext.Properties.TryGetValue(RunKey, out var run)
                    ? run.StartHedge(args.ActionContext.CancellationToken)
                    : null,
            })
            .Build();
    }

    /// <summary>The hedge delay for an attempt on <paramref name="candidate"/>; null when it is not hedged.</summary>
    public TimeSpan? Delay(ForwardingState state, Candidate candidate)
    {
        var hedge = candidate.Provider.Options.Hedge ?? TierHedge(state.Request) ?? _options.Retry.Hedge;
        if (!hedge.Enabled || !state.Plan.HasNext)
        {
            return null;
        }

        return hedge.UseP95 && _stats.RecentP95(candidate.Provider.Name, state.Request.Stream, hedge.MinSamples) is { } p95 && p95 > TimeSpan.Zero
            ? p95
            : hedge.Delay;
    }

    /// <summary>The request's tier's own hedging (<c>Gateway:Retry:Hedge:Tiers</c>), if it has a tier and the tier has one.</summary>
    private HedgeOptions? TierHedge(GatewayRequest request)
    {
        var tiers = _options.Retry.HedgeTiers;
        return tiers.Count > 0 && request.Envelope.Model is { } model
            && request.Table.TierOf(model) switch { ModelTier.Smart => "smart", ModelTier.Fast => "fast", _ => null } is { } tier
            && tiers.TryGetValue(tier, out var hedge) ? hedge : null;
    }

    /// <summary>Runs the attempt on <paramref name="primary"/> hedged after <paramref name="delay"/>.</summary>
    public async ValueTask<AttemptResult> RunAsync(ForwardingState state, Candidate primary, TimeSpan delay, AttemptRunner runner, CancellationToken deadline)
    {
        var run = new HedgedRun(state, primary, runner, delay);
        var context = ResilienceContextPool.Shared.Get(deadline);
        context.Properties.Set(RunKey, run);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, r) => r.PrimaryAsync(ctx.CancellationToken), context, run).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            if (run.Hedge is { } hedge)
            {
                var winner = run.Race.Winner;
                var outcome = ReferenceEquals(winner, hedge) ? "won" : winner is not null ? "lost" : "failed";
                _metrics.Hedges.Add(1, GatewayMetrics.Tags("provider", primary.Provider.Name, "outcome", outcome));
                Log.Hedged(_logger, primary.Provider.Name, delay.TotalSeconds, outcome, state.Request.Context.TraceIdentifier);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Hedged, Level = LogLevel.Information, Message = "No first token from {Provider} after {DelaySeconds} s: hedged on the next candidate ({Outcome}) for request {RequestId}")]
        public static partial void Hedged(ILogger logger, string provider, double delaySeconds, string outcome, string requestId);
    }
}
