using System.Net;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Providers;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Telemetry;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Polly;

namespace Gateway.Forwarding;

/// <summary>
/// Runs a request's attempt plan through the failover pipeline: each attempt sends the body to one
/// candidate; a failure before anything reached the client hands over to the next candidate; the first
/// attempt that commits a response ends it. See the streaming contract in the README.
/// </summary>
internal sealed partial class UpstreamForwarder(
    HttpMessageInvoker client,
    IHealthStore health,
    ProviderConcurrency concurrency,
    SelectionPlanner planner,
    FailoverPipeline pipeline,
    GatewayMetrics metrics,
    UsageRecorder usage,
    ModelResolver resolver,
    TimeProvider time,
    ILogger<UpstreamForwarder> logger)
{
    /// <summary>Appended to a streaming request that did not ask for usage, so the final chunk reports tokens.</summary>
    private static readonly byte[] IncludeUsage = ",\"stream_options\":{\"include_usage\":true}"u8.ToArray();

    public async Task ForwardAsync(GatewayRequest request, CandidateSet candidates)
    {
        var plan = planner.Plan(candidates);
        if (plan.Count == 0)
        {
            await WriteAllBlockedAsync(request.Context, plan).ConfigureAwait(false);
            return;
        }

        var state = new ForwardingState(request, plan, this);
        AttemptResult result;
        try
        {
            result = await pipeline.ExecuteAsync(state).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.Context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (result is AttemptResult.Retryable or AttemptResult.Exhausted)
        {
            await WriteExhaustedAsync(state).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt: the next candidate that may be tried, sent and judged.</summary>
    internal async ValueTask<AttemptResult> AttemptAsync(ForwardingState state)
    {
        Candidate candidate;
        do
        {
            if (!state.Plan.TryNext(out candidate))
            {
                return AttemptResult.Exhausted;
            }
        }
        while (!FitsContext(state, candidate) || !TryHold(state, candidate.Provider));

        state.Attempts++;
        state.Request.Attempts = state.Attempts;
        var provider = candidate.Provider;
        if (state.LastFailure is { } previous)
        {
            Log.Failover(logger, provider.Name, state.Attempts, state.Request.Context.TraceIdentifier);
            metrics.Failovers.Add(1, GatewayMetrics.Tags("from", previous.Provider, "to", provider.Name, "reason", ForwardingState.Reason(previous.Kind)));
        }

        var inFlight = GatewayMetrics.Tags("provider", provider.Name);
        metrics.InFlight.Add(1, inFlight);
        state.OutcomePending = true;
        try
        {
            return await SendAsync(state, candidate).ConfigureAwait(false);
        }
        finally
        {
            concurrency.Exit(provider.Name);
            metrics.InFlight.Add(-1, inFlight);
            if (state.OutcomePending)
            {
                // An exception ended the attempt before it recorded anything: release what it holds (a half-open
                // probe) without judging the provider, or the provider would stay blocked for good.
                Record(state, provider.Name, AttemptOutcome.Abandoned);
            }
        }
    }

    /// <summary>A bulkhead slot, then the health gate (which may be a half-open probe); a provider at its cap is passed over.</summary>
    private bool TryHold(ForwardingState state, Provider provider)
    {
        if (!concurrency.TryEnter(provider.Name, provider.Options.MaxInFlight))
        {
            state.Saturated = true;
            return false;
        }

        if (health.TryBeginAttempt(provider.Name))
        {
            return true;
        }

        concurrency.Exit(provider.Name);
        return false;
    }

    /// <summary>The attempt's one outcome for the provider's health; also releases a half-open probe.</summary>
    private void Record(UpstreamAttempt attempt, AttemptOutcome outcome) => Record(attempt.State, attempt.Candidate.Provider.Name, outcome);

    private void Record(ForwardingState state, string provider, AttemptOutcome outcome)
    {
        state.OutcomePending = false;
        health.Record(provider, outcome);
    }

    private async ValueTask<AttemptResult> SendAsync(ForwardingState state, Candidate candidate)
    {
        var request = state.Request;
        var context = request.Context;
        var provider = candidate.Provider;
        var timeouts = provider.Options.Timeouts;
        var model = candidate.UpstreamModel ?? request.Envelope.Model;
        var injectUsage = request.Stream && !request.Envelope.HasStreamOptions;
        using var activity = GatewayActivitySource.Source.StartActivity("gateway.upstream.attempt", System.Diagnostics.ActivityKind.Client);
        activity?.SetTag("gateway.provider", provider.Name);
        activity?.SetTag("gateway.model", model);
        activity?.SetTag("gateway.attempt", state.Attempts);

        var translator = provider.Adapter as IProtocolTranslator;
        HttpRequestMessage upstreamRequest;
        try
        {
            upstreamRequest = provider.Adapter.CreateRequest(request.Operation, model);
            upstreamRequest.Content = translator is null
                ? new SplicedJsonContent(request.Body.Memory, request.Envelope.ModelStart, request.Envelope.ModelLength, candidate.UpstreamModelJson,
                    request.Envelope.RootEnd, injectUsage ? IncludeUsage : null)
                : translator.TranslateRequest(request.Body.Memory, model, request.Stream);
        }
        catch (TranslationException e)
        {
            // The client's input has no form in this provider's protocol: nobody's health is at stake, and another
            // candidate may take it as it is. Only when none can does the client get a 400 naming them.
            Record(state, provider.Name, AttemptOutcome.Abandoned);
            state.AddUnsupported(provider.Name, e.Message);
            return AttemptResult.Retryable;
        }

        using var sending = upstreamRequest;
        upstreamRequest.Version = HttpVersion.Version20;
        upstreamRequest.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        upstreamRequest.Headers.TryAddWithoutValidation("X-Request-Id", context.TraceIdentifier);

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var attempt = new UpstreamAttempt(state, candidate, model, resolver.MetricLabel(model), timer, time.GetTimestamp()) { Activity = activity };
        attempt.Arm(request.Stream ? timeouts.FirstToken : timeouts.ResponseHeaders, time);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(upstreamRequest, timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            return Fail(attempt, context.RequestAborted.IsCancellationRequested ? FailureKind.None
                : e is OperationCanceledException ? attempt.TimeoutKind(request.Stream ? FailureKind.FirstTokenTimeout : FailureKind.HeadersTimeout, time)
                : FailureKind.Connect, status: 0, retryAfter: null, e);
        }

        attempt.HeadersLatency = attempt.Elapsed(time);
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is 429 or 408 or >= 500 or 401 or 403 or 407 or (>= 300 and < 400))
            {
                // 401/403/407 refuse the gateway's own provider key (the client's key never goes upstream): a broken
                // credential is the provider's failure, never passed off as the client's. A redirect is never
                // followed with a provider key.
                var kind = status switch
                {
                    429 => FailureKind.RateLimited,
                    401 or 403 or 407 => FailureKind.Credential,
                    >= 300 and < 400 => FailureKind.Redirect,
                    _ => FailureKind.ServerError,
                };
                return Fail(attempt, kind, status, kind is FailureKind.RateLimited or FailureKind.ServerError ? RetryAfter.From(response, time.GetUtcNow()) : null, exception: null);
            }

            if (status is < 200 or >= 300)
            {
                return await RejectAsync(attempt, response, translator).ConfigureAwait(false);
            }

            var isEventStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            return request.Stream && isEventStream
                ? await StreamAsync(attempt, response, injectUsage, translator).ConfigureAwait(false)
                : await CopyAsync(attempt, response, translator).ConfigureAwait(false);
        }
    }

    /// <summary>Records a failed attempt; a client that went away is nobody's failure.</summary>
    private AttemptResult Fail(UpstreamAttempt attempt, FailureKind kind, int status, TimeSpan? retryAfter, Exception? exception)
    {
        var name = attempt.Candidate.Provider.Name;
        if (kind == FailureKind.None)
        {
            return Abandon(attempt);
        }

        Record(attempt, AttemptOutcome.Failed(kind, attempt.Elapsed(time), retryAfter));
        Measure(attempt, ForwardingState.Reason(kind), ForwardingState.ErrorType(kind));
        attempt.State.AddFailure(name, kind, status, retryAfter);
        if (kind == FailureKind.Credential)
        {
            Log.CredentialRejected(logger, name, status, attempt.State.Request.Context.TraceIdentifier);
        }

        Log.AttemptFailed(logger, name, ForwardingState.Describe(kind), status, attempt.State.Attempts, attempt.State.Request.Context.TraceIdentifier, exception?.GetType().Name);
        return AttemptResult.Retryable;
    }

    /// <summary>After a context-length error, a candidate is tried only if its configured window is larger.</summary>
    private bool FitsContext(ForwardingState state, Candidate candidate) =>
        state.MinContextWindow is not { } min
        || resolver.ContextWindow(candidate.Provider, candidate.UpstreamModel ?? state.Request.Envelope.Model) > min;

    private AttemptResult Abandon(UpstreamAttempt attempt)
    {
        Record(attempt, AttemptOutcome.Abandoned);
        Measure(attempt, "client_cancelled", "client_cancelled");
        return AttemptResult.ClientGone;
    }

    /// <summary>Attempt count and durations by outcome, and the error type when there was one.</summary>
    private void Measure(UpstreamAttempt attempt, string outcome, string? errorType)
    {
        var provider = attempt.Candidate.Provider.Name;
        var tags = GatewayMetrics.Tags("provider", provider, "outcome", outcome);
        metrics.Attempts.Add(1, tags);
        if (attempt.HeadersLatency > TimeSpan.Zero)
        {
            metrics.AttemptHeaders.Record(attempt.HeadersLatency.TotalSeconds, tags);
        }

        metrics.AttemptDuration.Record(attempt.Elapsed(time).TotalSeconds, tags);
        if (errorType is not null)
        {
            metrics.Errors.Add(1, GatewayMetrics.Tags("provider", provider, "type", errorType));
        }

        attempt.Activity?.SetTag("gateway.outcome", outcome);
    }

    /// <summary>A response reached the client: remember what served it and count its usage.</summary>
    private void Served(UpstreamAttempt attempt, TokenUsage? tokens, bool success)
    {
        var request = attempt.State.Request;
        (request.Provider, request.UpstreamModel, request.Usage) = (attempt.Candidate.Provider.Name, attempt.Model, tokens);
        if (success)
        {
            usage.Record(attempt.Candidate.Provider.Name, attempt.Model, attempt.ModelLabel, tokens);
        }
    }

    private Task WriteAllBlockedAsync(HttpContext context, AttemptPlan plan)
    {
        var wait = plan.RetryAt == DateTimeOffset.MaxValue ? (TimeSpan?)null : plan.RetryAt - time.GetUtcNow();
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        Log.AllBlocked(logger, plan.BlockedBy.ToString(), context.TraceIdentifier);
        return plan.BlockedBy == BlockReason.RateLimited
            ? OpenAIError.WriteAsync(context, 429, "Every provider for this model is rate limited; retry after the time in Retry-After.", ErrorTypes.RateLimit, "rate_limit_exceeded", wait)
            : OpenAIError.WriteAsync(context, 503, "No available AI providers", ErrorTypes.ServiceUnavailable, "no_available_providers", wait);
    }

    private Task WriteExhaustedAsync(ForwardingState state)
    {
        var context = state.Request.Context;
        context.Response.Headers["x-gateway-attempts"] = state.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (state.Attempts == 0 && state.Saturated)
        {
            Log.AllBlocked(logger, "ConcurrencyLimit", context.TraceIdentifier);
            return OpenAIError.WriteAsync(context, 503, "Every provider for this model is at its concurrency limit (MaxInFlight); retry shortly.", ErrorTypes.ServiceUnavailable, "providers_saturated", TimeSpan.FromSeconds(1));
        }

        if (state.Attempts == 0)
        {
            return WriteAllBlockedAsync(context, state.Plan);
        }

        if (state.Failures.Count == 0 && state.Unsupported is { Count: > 0 } unsupported)
        {
            var names = string.Join(", ", unsupported.Select(u => u.Provider));
            context.Response.Headers["x-gateway-provider"] = names;
            return OpenAIError.WriteAsync(context, 400, $"No provider for this model can take this request: {string.Join("; ", unsupported.Select(u => $"{u.Provider}: {u.Reason}"))}", ErrorTypes.InvalidRequest, "unsupported_by_provider");
        }

        var tried = string.Join(", ", state.Failures);
        Log.Exhausted(logger, state.Attempts, tried, context.TraceIdentifier);
        return state.OnlyRateLimited
            ? OpenAIError.WriteAsync(context, 429, $"Request failed after all retry attempts: every provider is rate limited. Tried: {tried}.", ErrorTypes.RateLimit, "rate_limit_exceeded", state.SoonestRetryAfter ?? TimeSpan.FromSeconds(1))
            : OpenAIError.WriteAsync(context, 502, $"Request failed after all retry attempts. Tried: {tried}.", ErrorTypes.Server, "upstream_failed");
    }
}
