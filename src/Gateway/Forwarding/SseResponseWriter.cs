using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Outcomes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Gateway.Forwarding;

/// <summary>
/// Streaming responses, until their first token. The stream is held back until its first content token (as the
/// operation detects it): an upstream that errors, stalls or closes before then fails over invisibly. At the first
/// token the client's response is committed and the stream handed on as a <see cref="StreamPassThrough"/>, which
/// forwards the rest chunk by chunk; a failure then ends the stream with an error event, never a clean end.
/// </summary>
/// <remarks>
/// This method's state machine ends at the first token: the open stream holds only the pass-through's (and the
/// attempt runner's, which awaits it), not this one's and the sender's as well (about 480 B per open stream).
/// </remarks>
internal sealed partial class SseResponseWriter(StreamContinuations continuations, ILogger<SseResponseWriter> logger)
{
    /// <summary>Held bytes beyond which the stream is released even without content (a chatty preamble).</summary>
    private const int MaxHeldBytes = 256 * 1024;

    /// <summary>The held prefix starts this small and doubles with need: most first tokens arrive within a few hundred bytes.</summary>
    private const int InitialHold = 1024;

    /// <summary>
    /// Holds the stream until its first token: a failure before then is the attempt's result; at the first token, the
    /// released stream, which from then on owns <paramref name="response"/> (and its request) and ends the attempt.
    /// </summary>
    public async ValueTask<AttemptStep> HoldAsync(UpstreamAttempt attempt, HttpResponseMessage response, bool stripUsage, AttemptExchange exchange)
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
            if (attempt.State.Continuation is { Continuing: true })
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

            var filter = continuations.Guard(attempt, operation.CreateUsageFilter(stripUsage, attempt.Request.CountsPassedTokens), exchange.Translates);
            var released = new StreamPassThrough(attempt, response, body, filter, continuations, held!, ended: signal == StreamSignal.Done);
            held = null; // the released stream's now
            return new AttemptStep(AttemptResult.Committed, released);
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
