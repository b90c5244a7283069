using Gateway.Buffers;
using System.Buffers;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Providers;
using Gateway.Telemetry;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Forwarding;

/// <summary>
/// Streaming responses. The stream is held back until its first content token: an upstream that errors,
/// stalls or closes before then fails over invisibly. After the first token bytes pass through chunk by
/// chunk, each flushed at once; a failure then ends the stream with an SSE error event, never a clean end.
/// </summary>
internal sealed partial class UpstreamForwarder
{
    /// <summary>Held bytes beyond which the stream is released even without content (a chatty preamble).</summary>
    private const int MaxHeldBytes = 256 * 1024;

    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    private async ValueTask<AttemptResult> StreamAsync(UpstreamAttempt attempt, HttpResponseMessage response, bool stripUsage, IProtocolTranslator? translator)
    {
        var context = attempt.State.Request.Context;
        var name = attempt.Candidate.Provider.Name;
        var timeouts = attempt.Candidate.Provider.Options.Timeouts;
        using var held = new PooledBuffer(4096);
        Stream body;
        var signal = StreamSignal.NeedMore;
        try
        {
            var raw = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
            body = translator?.TranslateResponse(raw, stream: true) ?? raw;
            var detector = new SseFirstTokenDetector();
            while (signal == StreamSignal.NeedMore && held.Length < MaxHeldBytes)
            {
                var read = await body.ReadAsync(held.GetMemory(4096), attempt.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return Fail(attempt, FailureKind.StreamError, status: 0, retryAfter: null, exception: null);
                }

                held.Advance(read);
                signal = detector.Scan(held.Span);
            }

            if (signal == StreamSignal.Error)
            {
                Log.StreamErrorEvent(logger, name, Telemetry.LogText.Safe(detector.ErrorMessage) ?? "", context.TraceIdentifier);
                return Fail(attempt, FailureKind.StreamError, status: 0, retryAfter: null, exception: null);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            var kind = context.RequestAborted.IsCancellationRequested ? FailureKind.None
                : e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.FirstTokenTimeout, time)
                : FailureKind.StreamError;
            return Fail(attempt, kind, status: 0, retryAfter: null, e);
        }

        var firstToken = attempt.Elapsed(time);
        metrics.FirstToken.Record(firstToken.TotalSeconds, GatewayMetrics.Tags("provider", name, "model", attempt.ModelLabel));
        Commit(attempt, response, keepContentLength: false);
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var filter = new StreamUsageFilter(stripUsage);
        var (outcome, failure) = await PassThroughAsync(attempt, body, held, filter, ended: signal == StreamSignal.Done, timeouts).ConfigureAwait(false);
        switch (outcome)
        {
            case OutcomeKind.Abandoned:
                Served(attempt, null, success: false);
                return Abandon(attempt);
            case OutcomeKind.Failure:
                Record(attempt, AttemptOutcome.Failed(FailureKind.StreamTruncated, attempt.HeadersLatency));
                Measure(attempt, ForwardingState.Reason(failure == FailureKind.IdleTimeout || failure == FailureKind.TotalTimeout ? failure : FailureKind.StreamTruncated), "stream_aborted");
                Served(attempt, null, success: false);
                Log.StreamInterrupted(logger, name, ForwardingState.Describe(failure), context.TraceIdentifier);
                await WriteStreamErrorAsync(context, name, failure).ConfigureAwait(false);
                return AttemptResult.Committed;
            default:
                Record(attempt, AttemptOutcome.Success(attempt.HeadersLatency, firstToken));
                Measure(attempt, "success", null);
                Served(attempt, filter.Usage, success: true);
                return AttemptResult.Committed;
        }
    }

    /// <summary>Sends the held prefix, then every further chunk as it arrives. Reports how the stream ended.</summary>
    private async ValueTask<(OutcomeKind, FailureKind)> PassThroughAsync(UpstreamAttempt attempt, Stream body, PooledBuffer held, StreamUsageFilter filter, bool ended, Configuration.TimeoutOptions timeouts)
    {
        var context = attempt.State.Request.Context;
        var output = context.Response.Body;
        var tail = new TailBuffer(16);
        tail.Push(held.Span);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await filter.WriteAsync(held.Memory, output, context.RequestAborted).ConfigureAwait(false);
            if (ended)
            {
                await filter.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                return (OutcomeKind.Success, FailureKind.None);
            }

            await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);

            while (true)
            {
                attempt.Arm(timeouts.Idle, time);
                var read = await body.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    await filter.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                    return EndsWithDone(tail) ? (OutcomeKind.Success, FailureKind.None) : (OutcomeKind.Failure, FailureKind.StreamTruncated);
                }

                tail.Push(buffer.AsSpan(0, read));
                await filter.WriteAsync(buffer.AsMemory(0, read), output, context.RequestAborted).ConfigureAwait(false);
                await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            return context.RequestAborted.IsCancellationRequested
                ? (OutcomeKind.Abandoned, FailureKind.None)
                : (OutcomeKind.Failure, e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.IdleTimeout, time) : FailureKind.StreamTruncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task WriteStreamErrorAsync(HttpContext context, string provider, FailureKind failure)
    {
        using var buffer = new PooledBuffer(512);
        buffer.Append("data: "u8);
        using (var writer = new Utf8JsonWriter(new PooledBufferWriter(buffer)))
        {
            OpenAIError.WriteBody(writer, $"The stream from provider '{provider}' was interrupted ({ForwardingState.Describe(failure)}); the response is incomplete.", ErrorTypes.Server, "stream_interrupted");
        }

        buffer.Append("\n\n"u8);
        try
        {
            await context.Response.Body.WriteAsync(buffer.Memory, context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left as well; nothing more to tell it.
        }
    }

    /// <summary>Whether the last bytes of a stream are <c>data: [DONE]</c> (a complete stream) rather than a cut.</summary>
    private static bool EndsWithDone(TailBuffer tail) => tail.Span.TrimEnd(" \r\n"u8).EndsWith(Done);
}
