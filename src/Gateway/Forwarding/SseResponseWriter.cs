using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Outcomes;
using Gateway.Providers;
using Gateway.Usage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Gateway.Forwarding;

/// <summary>
/// Streaming responses. The stream is held back until its first content token (as the operation detects it): an
/// upstream that errors, stalls or closes before then fails over invisibly. After the first token bytes pass through
/// chunk by chunk, each flushed at once; a failure then ends the stream with an error event, never a clean end.
/// </summary>
internal sealed partial class SseResponseWriter(StreamContinuations continuations, ILogger<SseResponseWriter> logger)
{
    /// <summary>Held bytes beyond which the stream is released even without content (a chatty preamble).</summary>
    private const int MaxHeldBytes = 256 * 1024;

    /// <summary>The held prefix starts this small and doubles with need: most first tokens arrive within a few hundred bytes.</summary>
    private const int InitialHold = 1024;

    private const int ChunkSize = 16 * 1024;

    public async ValueTask<AttemptResult> WriteAsync(UpstreamAttempt attempt, HttpResponseMessage response, bool stripUsage, AttemptExchange exchange)
    {
        var context = attempt.Context;
        var operation = attempt.Request.Operation;
        PooledBuffer? held = null;
        try
        {
            Stream body;
            var signal = StreamSignal.NeedMore;
            try
            {
                var raw = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
                body = exchange.Response(raw, stream: true);
                var detector = operation.CreateFirstTokenDetector();
                while (signal == StreamSignal.NeedMore && (held?.Length ?? 0) < MaxHeldBytes)
                {
                    // Nothing is rented until the upstream has something to say.
                    await body.ReadAsync(Memory<byte>.Empty, attempt.Token).ConfigureAwait(false);
                    held ??= new PooledBuffer(InitialHold);
                    var read = await body.ReadAsync(held.GetMemory(InitialHold / 2), attempt.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return attempt.Fail(FailureKind.StreamError, status: 0, retryAfter: null, exception: null);
                    }

                    held.Advance(read);
                    signal = detector.Scan(held.Span);
                }

                if (signal == StreamSignal.Error)
                {
                    Log.StreamErrorEvent(logger, attempt.Provider, Telemetry.LogText.Safe(detector.ErrorMessage) ?? "", context.TraceIdentifier);
                    return attempt.Fail(FailureKind.StreamError, status: 0, retryAfter: null, exception: null);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
                var kind = e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.FirstTokenTimeout) : FailureKind.StreamError;
                return attempt.Fail(kind, status: 0, retryAfter: null, e);
            }

            if (!attempt.TryClaim())
            {
                return attempt.Finish(AttemptEnd.HedgeLost); // the other attempt of a hedged run had its first token first
            }

            attempt.FirstToken = attempt.Elapsed;
            var continuing = attempt.State.Continuation is { Continuing: true };
            if (continuing)
            {
                // The client's response is already under way: this attempt only adds to it.
                attempt.Committed = true;
            }
            else
            {
                ClientResponse.Commit(attempt, response, keepContentLength: false);
                context.Response.Headers.CacheControl = "no-cache";
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            }

            using var filter = continuations.Guard(attempt, operation.CreateUsageFilter(stripUsage, attempt.Request.CountsPassedTokens), exchange.Translates);
            var stream = new StreamPassThrough(attempt, body, filter);
            var (end, failure) = await stream.SendHeldAsync(held!, ended: signal == StreamSignal.Done).ConfigureAwait(false);
            held!.Dispose();
            held = null;
            var ending = end ?? AttemptEnd.Served;
            if (end is null)
            {
                (ending, failure) = await stream.CopyAsync(ChunkSize).ConfigureAwait(false);
            }

            if (ending == AttemptEnd.Truncated)
            {
                if (continuations.TryContinue(attempt, failure, out var counted))
                {
                    // Billed what it produced: its early usage's prompt (else the estimate) and the tokens of its text.
                    var prompt = filter.Usage is { PromptTokens: > 0 } early ? early.PromptTokens : attempt.Request.Ticket?.EstimatedPrompt ?? 0;
                    attempt.Finish(AttemptEnd.Truncated, failure, usage: new TokenUsage(prompt, counted), passedTokens: filter.PassedTokens);
                    return AttemptResult.Continue;
                }

                var result = attempt.Finish(AttemptEnd.Truncated, failure);
                var (provider, kind) = attempt.State.Continuation?.Original ?? (attempt.Provider, failure);
                await ClientResponse.WriteStreamErrorAsync(context, operation, provider, kind).ConfigureAwait(false);
                return result;
            }

            if (continuing && ending == AttemptEnd.Served)
            {
                continuations.Continued(attempt);
            }

            // A client that left after the usage came is billed that usage; before it, the tokens that passed.
            return attempt.Finish(ending, usage: ending is AttemptEnd.Served or AttemptEnd.ClientGone ? filter.Usage : null, passedTokens: filter.PassedTokens);
        }
        finally
        {
            held?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StreamErrorEvent, Level = LogLevel.Warning, Message = "Stream from {Provider} sent an error event before any content: {Message}; request {RequestId}")]
        public static partial void StreamErrorEvent(ILogger logger, string provider, string message, string requestId);
    }
}
