using Gateway.Configuration;
using Polly;
using Polly.Retry;

namespace Gateway.Forwarding;

/// <summary>
/// The Polly.Core pipeline that runs attempts: a retry strategy with no delay (each retry goes to the next
/// candidate, not back to the same one), up to <c>MaxRetries</c> extra attempts, and only for outcomes that
/// left the client untouched. Built once from the validated options.
/// </summary>
internal sealed class FailoverPipeline
{
    private static readonly ResiliencePropertyKey<ForwardingState> StateKey = new("gateway.forwarding-state");

    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public FailoverPipeline(GatewayOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time };
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
                    && args.Context.Properties.TryGetValue(StateKey, out var state)
                    && state.Plan.HasNext),
            });
        }

        _pipeline = builder.Build();
    }

    public async ValueTask<AttemptResult> ExecuteAsync(ForwardingState state)
    {
        var context = ResilienceContextPool.Shared.Get(state.Request.Context.RequestAborted);
        context.Properties.Set(StateKey, state);
        try
        {
            return await _pipeline.ExecuteAsync(static (_, s) => s.Forwarder.AttemptAsync(s), context, state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
