using System.Globalization;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Selection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Forwarding;

/// <summary>The gateway's own answers when no attempt's response reached the client.</summary>
internal sealed partial class FinalResponses(GatewayOptions options, TimeProvider time, ILogger<FinalResponses> logger)
{
    /// <summary>Every candidate is cooling down or its circuit is open: 429 when all are rate limited, else 503, with the soonest Retry-After.</summary>
    public Task WriteAllBlockedAsync(HttpContext context, AttemptPlan plan, bool queueFull = false)
    {
        if (queueFull)
        {
            return WriteQueueFullAsync(context);
        }

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

    public Task WriteExhaustedAsync(ForwardingState state)
    {
        var context = state.Request.Context;
        context.Response.Headers["x-gateway-attempts"] = state.Attempts.ToString(CultureInfo.InvariantCulture);
        var tried = string.Join(", ", state.Failures);
        if (state.DeadlinePassed)
        {
            Log.DeadlinePassed(logger, state.Attempts, tried, context.TraceIdentifier);
            return OpenAIError.WriteAsync(context, 504, $"The request did not complete within the gateway's total timeout ({options.Timeouts.Total.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s). Tried: {tried}.",
                ErrorTypes.Server, "request_timeout");
        }

        if (state.Request.QueueFull)
        {
            return WriteQueueFullAsync(context);
        }

        if (state.Attempts == 0 && state.Saturated && state.Request.Queued)
        {
            // Waited its time in the queue (Gateway:Queue) and no slot came free.
            Log.AllBlocked(logger, "QueueWait", context.TraceIdentifier);
            return OpenAIError.WriteAsync(context, 429, $"Every provider for this model stayed at its concurrency limit for the queue's {options.Queue.MaxWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; retry after the time in Retry-After.",
                ErrorTypes.RateLimit, "queue_timeout", TimeSpan.FromSeconds(1));
        }

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
            context.Response.Headers["x-gateway-provider"] = string.Join(", ", unsupported.Select(u => u.Provider));
            return OpenAIError.WriteAsync(context, 400, $"No provider for this model can take this request: {string.Join("; ", unsupported.Select(u => $"{u.Provider}: {u.Reason}"))}", ErrorTypes.InvalidRequest, "unsupported_by_provider");
        }

        Log.Exhausted(logger, state.Attempts, tried, context.TraceIdentifier);
        return state.OnlyRateLimited
            ? OpenAIError.WriteAsync(context, 429, $"Request failed after all retry attempts: every provider is rate limited. Tried: {tried}.", ErrorTypes.RateLimit, "rate_limit_exceeded", state.SoonestRetryAfter ?? TimeSpan.FromSeconds(1))
            : OpenAIError.WriteAsync(context, 502, $"Request failed after all retry attempts. Tried: {tried}.", ErrorTypes.Server, "upstream_failed");
    }

    private Task WriteQueueFullAsync(HttpContext context)
    {
        Log.AllBlocked(logger, "QueueFull", context.TraceIdentifier);
        return OpenAIError.WriteAsync(context, 429, $"Every provider for this model is busy and the wait queue is full ({options.Queue.MaxLength.ToString(CultureInfo.InvariantCulture)} requests); retry after the time in Retry-After.",
            ErrorTypes.RateLimit, "queue_full", TimeSpan.FromSeconds(1));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AttemptsExhausted, Level = LogLevel.Warning, Message = "Request {RequestId} failed after {Attempts} attempts: {Tried}")]
        public static partial void Exhausted(ILogger logger, int attempts, string tried, string requestId);

        [LoggerMessage(EventId = EventIds.AllCandidatesBlocked, Level = LogLevel.Warning, Message = "No provider available ({Reason}) for request {RequestId}")]
        public static partial void AllBlocked(ILogger logger, string reason, string requestId);

        [LoggerMessage(EventId = EventIds.DeadlinePassed, Level = LogLevel.Warning, Message = "Request {RequestId} passed its total deadline after {Attempts} attempts: {Tried}")]
        public static partial void DeadlinePassed(ILogger logger, int attempts, string tried, string requestId);
    }
}
