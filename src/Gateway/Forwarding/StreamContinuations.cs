using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Providers;
using Gateway.Telemetry;
using Gateway.Usage;
using Microsoft.Extensions.Logging;

namespace Gateway.Forwarding;

/// <summary>
/// Keeps a committed chat stream going when its provider fails it (cut, idle timeout, truncated end, an error event, too
/// many malformed events): the next candidate able to continue (<see cref="ProviderOptions.Continuation"/>) is asked
/// for the rest, with the text already sent as an assistant prefill (<see cref="ContinuationBody"/>), and only its new
/// text reaches the client, under the stream's own id (<see cref="StreamEventGuard"/>), ending in one proper end. A
/// half-sent tool call, a finished choice or a refusal is never continued. When nobody can continue, or every
/// continuation is refused or fails before its first token, the client gets one error event naming the original
/// failure, never a fallback's refusal. Also guards every released stream against malformed events.
/// </summary>
internal sealed partial class StreamContinuations(GatewayOptions options, GatewayMetrics metrics, ILogger<StreamContinuations> logger) : IMalformedEventSink
{
    private readonly StreamOptions _options = options.Streams;

    /// <summary>
    /// The guard a released stream's filter goes through; makes the request's continuation state when its stream could
    /// be continued. A <paramref name="translated"/> stream's events are the gateway's own (not validated again).
    /// </summary>
    public StreamEventGuard Guard(UpstreamAttempt attempt, IStreamFilter inner, bool translated = false)
    {
        var state = attempt.State;
        var request = attempt.Request;
        var chat = request.Operation.CompletedByContent is not null;
        if (state.Continuation is null && chat && CouldContinue(state))
        {
            state.Continuation = new StreamContinuation();
        }

        return new StreamEventGuard(inner, state.Continuation, chat, _options.MaxMalformedEvents,
            new MalformedEvents(this, attempt.Provider, attempt.Context.TraceIdentifier), translated);
    }

    /// <summary>An event a guard dropped: counted by provider and logged with the request.</summary>
    public void Dropped(string provider, string requestId, int count)
    {
        metrics.MalformedEvents.Add(1, GatewayMetrics.Tags("provider", provider));
        Log.MalformedEvent(logger, provider, count, requestId);
    }

    /// <summary>
    /// Whether the stream the attempt broke will be continued: then the attempt's text is counted (what it is billed)
    /// and the loop goes on to the next candidate able to continue.
    /// </summary>
    public bool TryContinue(UpstreamAttempt attempt, FailureKind failure, out long countedTokens)
    {
        countedTokens = 0;
        var state = attempt.State;
        var stream = state.Continuation;
        var reason = stream is null ? NotEligible(state)
            : stream.Blocked ? "a tool call, a refusal or a second choice was sent"
            : stream.Finished ? "the answer was finished"
            : stream.Continuations >= _options.MaxContinuations ? "MaxContinuations reached"
            : failure == FailureKind.TotalTimeout || state.DeadlinePassed ? "the request's deadline passed"
            : attempt.Context.RequestAborted.IsCancellationRequested ? null
            : !AnyCanContinue(state) ? "no provider left is able to continue it"
            : "";
        if (reason is null || (reason.Length > 0 && attempt.Request.Operation.CompletedByContent is null))
        {
            return false;
        }

        if (reason.Length > 0)
        {
            Log.NotContinuable(logger, attempt.Provider, FailureKinds.Describe(failure), reason, attempt.Context.TraceIdentifier);
            metrics.Continuations.Add(1, GatewayMetrics.Tags("provider", attempt.Provider, "outcome", "none"));
            return false;
        }

        countedTokens = stream!.Break(attempt.Provider, failure);
        stream.Continuations++;
        state.AddFailure(attempt.Provider, failure, status: 0, retryAfter: null);
        Log.Continuing(logger, attempt.Provider, FailureKinds.Describe(failure), stream.Text.Length, attempt.Context.TraceIdentifier);
        return true;
    }

    /// <summary>Whether <paramref name="provider"/> may take the request now: any, unless a broken stream is being continued.</summary>
    public static bool MayTry(ForwardingState state, Provider provider) => state.Continuation is not { Continuing: true } || provider.Options.Continuation;

    /// <summary>The continuation request's body and envelope (null when the attempt continues nothing).</summary>
    public static (ReadOnlyMemory<byte> Body, RequestEnvelope Envelope)? Body(ForwardingState state)
    {
        if (state.Continuation is not { Continuing: true } stream)
        {
            return null;
        }

        var request = state.Request;
        var original = request.Clamped()?.Body ?? request.Body.Memory;
        var body = ContinuationBody.Build(original.Span, stream.Prefill(), stream.CountedTokens);
        return request.Operation.TryParse(body, out var envelope, out _) ? (body, envelope) : null;
    }

    /// <summary>A continuation the provider would not take (a 4xx: it refuses the prefill): the next one able to continue may; the client never sees this refusal.</summary>
    public AttemptResult Refused(UpstreamAttempt attempt, int status)
    {
        Log.Refused(logger, attempt.Provider, status, attempt.Context.TraceIdentifier);
        metrics.Continuations.Add(1, GatewayMetrics.Tags("provider", attempt.Provider, "outcome", "refused"));
        attempt.Finish(AttemptEnd.Unsupported, status: status);
        return AttemptResult.Retryable;
    }

    /// <summary>A continuation whose answer reached the client whole.</summary>
    public void Continued(UpstreamAttempt attempt) =>
        metrics.Continuations.Add(1, GatewayMetrics.Tags("provider", attempt.Provider, "outcome", "continued"));

    /// <summary>Nobody finished the broken stream: one error event naming the original failure.</summary>
    public Task WriteFailedAsync(ForwardingState state)
    {
        var (provider, failure) = state.Continuation!.Original!.Value;
        Log.NotContinued(logger, provider, state.Attempts, state.Request.Context.TraceIdentifier);
        metrics.Continuations.Add(1, GatewayMetrics.Tags("provider", provider, "outcome", "failed"));
        return ClientResponse.WriteStreamErrorAsync(state.Request.Context, state.Request.Operation, provider, failure);
    }

    private bool CouldContinue(ForwardingState state)
    {
        var request = state.Request;
        return _options.Continuation && _options.MaxContinuations > 0 && request.Operation.Kind == UpstreamOperation.ChatCompletions && request.Bridge is null
            && (request.Envelope.Content & ContentKinds.ManyChoices) == 0 && AnyCanContinue(state);
    }

    private string NotEligible(ForwardingState state)
    {
        var request = state.Request;
        return !_options.Continuation || _options.MaxContinuations == 0 ? "continuation is off (Gateway:Streams:Continuation)"
            : request.Operation.Kind != UpstreamOperation.ChatCompletions || request.Bridge is not null || (request.Envelope.Content & ContentKinds.ManyChoices) != 0
                ? "only single-choice chat completions streams are continued"
            : "no provider left is able to continue it";
    }

    private static bool AnyCanContinue(ForwardingState state)
    {
        foreach (var candidate in state.Plan.Remaining)
        {
            if (candidate.Provider.Options.Continuation)
            {
                return true;
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StreamContinuing, Level = LogLevel.Warning, Message = "Stream from {Provider} broke after its first token ({Failure}, {Bytes} bytes of text sent): continuing on the next provider able to; request {RequestId}")]
        public static partial void Continuing(ILogger logger, string provider, string failure, int bytes, string requestId);

        [LoggerMessage(EventId = EventIds.ContinuationRefused, Level = LogLevel.Warning, Message = "{Provider} refused to continue a broken stream (HTTP {Status}); request {RequestId}")]
        public static partial void Refused(ILogger logger, string provider, int status, string requestId);

        [LoggerMessage(EventId = EventIds.ContinuationExhausted, Level = LogLevel.Warning, Message = "No provider continued the stream {Provider} broke ({Attempts} attempts); request {RequestId}")]
        public static partial void NotContinued(ILogger logger, string provider, int attempts, string requestId);

        [LoggerMessage(EventId = EventIds.StreamNotContinued, Level = LogLevel.Warning, Message = "Stream from {Provider} broke after its first token ({Failure}); not continued: {Reason}; request {RequestId}")]
        public static partial void NotContinuable(ILogger logger, string provider, string failure, string reason, string requestId);

        [LoggerMessage(EventId = EventIds.MalformedEventDropped, Level = LogLevel.Warning, Message = "Dropped an event from {Provider} whose data is not valid JSON ({Count} in this stream); request {RequestId}")]
        public static partial void MalformedEvent(ILogger logger, string provider, int count, string requestId);
    }
}
