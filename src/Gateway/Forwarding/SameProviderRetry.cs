using Gateway.Configuration;
using Gateway.Health;
using Gateway.Routing;
using Polly;
using Polly.Retry;

namespace Gateway.Forwarding;

/// <summary>
/// Retries an attempt on the provider that just failed it, before the attempt loop fails over: a transient failure
/// before the first byte (5xx, a refused or reset connection) after <see cref="RetryOptions.Delay"/>, a 429 or 503
/// whose <c>Retry-After</c> is at most <see cref="RetryOptions.MaxRetryAfter"/> after waiting it out, both on the injected
/// <see cref="TimeProvider"/> through Polly.Core's retry strategy, with the request's deadline token (the deadline always
/// wins). Only when no other candidate can take the request now (or <see cref="RetryOptions.PreferSameProvider"/>), at
/// most <see cref="RetryOptions.SameProvider"/> times per request and within the provider's <see cref="RetryBudget"/>.
/// The happy path never enters the pipeline: it runs only after a first failure.
/// </summary>
internal sealed class SameProviderRetry
{
    private static readonly ResiliencePropertyKey<ForwardingState> StateKey = new("gateway.forwarding-state");

    private readonly RetryOptions _options;
    private readonly IHealthStore _health;
    private readonly RetryBudget _budget;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public SameProviderRetry(GatewayOptions options, IHealthStore health, TimeProvider time)
    {
        (_options, _health, _budget) = (options.Retry, health, new RetryBudget(options.Retry, time));
        _pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = Math.Max(1, _options.SameProvider),
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result == AttemptResult.Retryable
                    && args.Context.Properties.TryGetValue(StateKey, out var state) && TakeRetry(state)),
                // A Retry-After (at most MaxRetryAfter, or the retry was not taken) is waited out; else the short pause.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Context.Properties.TryGetValue(StateKey, out var state) && state.LastRetryAfter is { } wait ? wait : _options.Delay),
            })
            .Build();
    }

    /// <summary>Whether the failure just recorded may be retried on <paramref name="candidate"/> (checked before the pipeline starts).</summary>
    public bool Applies(ForwardingState state, Candidate candidate) =>
        _options.SameProvider > 0 && Retriable(state, candidate.Provider.Name);

    /// <summary>
    /// Runs the retries: <paramref name="retry"/> makes one more attempt on the same candidate (and returns
    /// <see cref="AttemptResult.Retryable"/> when the provider cannot be held now). The first outcome is the failure the
    /// caller already has; Polly waits and calls again while <see cref="TakeRetry"/> allows.
    /// </summary>
    public async ValueTask<AttemptResult> RunAsync<TState>(ForwardingState state, TState retryState, Func<TState, CancellationToken, ValueTask<AttemptResult>> retry, CancellationToken deadline)
    {
        var context = ResilienceContextPool.Shared.Get(deadline);
        context.Properties.Set(StateKey, state);
        try
        {
            var first = true;
            return await _pipeline.ExecuteAsync(
                async (ctx, s) =>
                {
                    if (first)
                    {
                        first = false;
                        return AttemptResult.Retryable;
                    }

                    return await s.retry(s.retryState, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (retry, retryState)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool TakeRetry(ForwardingState state)
    {
        if (state.LastFailure is not { } failure || state.SameProviderRetries >= _options.SameProvider || !Retriable(state, failure.Provider) || !_budget.TryTake(failure.Provider))
        {
            return false;
        }

        state.SameProviderRetries++;
        return true;
    }

    private bool Retriable(ForwardingState state, string provider)
    {
        if (state.LastFailure is not { } failure || failure.Provider != provider || state.SameProviderRetries >= _options.SameProvider)
        {
            return false;
        }

        var transient = failure.Kind switch
        {
            FailureKind.Connect => true,
            FailureKind.ServerError or FailureKind.RateLimited => state.LastRetryAfter is { } wait ? wait <= _options.MaxRetryAfter : failure.Kind == FailureKind.ServerError,
            _ => false,
        };
        return transient && (_options.PreferSameProvider || !AnotherCandidateNow(state, provider));
    }

    /// <summary>Whether a candidate of the plan other than <paramref name="provider"/> could be tried at once.</summary>
    private bool AnotherCandidateNow(ForwardingState state, string provider)
    {
        foreach (var candidate in state.Plan.Remaining)
        {
            if (candidate.Provider.Name != provider && _health.GetAvailability(candidate.Provider.Name).Available)
            {
                return true;
            }
        }

        return false;
    }
}
