using Gateway.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Gateway.Forwarding;

/// <summary>
/// The Polly.Core pipeline that runs a request's attempts and owns its deadline. Outermost, a timeout strategy: the
/// request's total (<c>Timeouts:TotalSeconds</c>) across all attempts, on the injected <see cref="TimeProvider"/>. Inside
/// it, a retry strategy with no delay (each retry goes to the next candidate, not back to the same one), up to
/// <c>MaxRetries</c> extra attempts, only for outcomes that left the client untouched and never once the deadline passed.
/// The context's token (the timeout's, linked to the client's <c>RequestAborted</c>) is the one every attempt uses, so
/// the deadline cancels whatever attempt is running, a stream already flowing included. Built once from validated options.
/// </summary>
internal sealed class FailoverPipeline
{
    /// <summary>The range Polly's timeout strategy accepts.</summary>
    private static readonly TimeSpan ShortestTotal = TimeSpan.FromMilliseconds(10), LongestTotal = TimeSpan.FromDays(1);

    private static readonly ResiliencePropertyKey<ForwardingState> StateKey = new("gateway.forwarding-state");

    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public FailoverPipeline(GatewayOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = options.Timeouts.Total < ShortestTotal ? ShortestTotal : options.Timeouts.Total > LongestTotal ? LongestTotal : options.Timeouts.Total,
        });
        if (options.RetryFailed && options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Result == AttemptResult.Retryable
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && args.Context.Properties.TryGetValue(StateKey, out var state)
                    && state.Plan.HasNext),
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Runs the attempts; throws <see cref="TimeoutRejectedException"/> only if the deadline cut the pipeline itself short.</summary>
    public async ValueTask<AttemptResult> ExecuteAsync(ForwardingState state, AttemptRunner runner)
    {
        var context = ResilienceContextPool.Shared.Get(state.Request.Context.RequestAborted);
        context.Properties.Set(StateKey, state);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, s) => s.Runner.RunAsync(s.State, ctx.CancellationToken), context, (State: state, Runner: runner)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
