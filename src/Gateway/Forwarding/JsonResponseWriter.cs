using System.Buffers;
using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Providers;
using Gateway.Usage;

namespace Gateway.Forwarding;

/// <summary>
/// A whole (non-streaming) successful response, copied to the client chunk by chunk: byte for byte from an
/// OpenAI-compatible provider, or through the provider's translation. The first chunk is read before committing, so
/// an upstream that dies right after its headers still fails over; a body that breaks later aborts the connection,
/// so the client never takes a truncated body for a whole one.
/// </summary>
internal sealed class JsonResponseWriter
{
    private const int ChunkSize = 16 * 1024;

    public async ValueTask<AttemptResult> WriteAsync(UpstreamAttempt attempt, HttpResponseMessage response, AttemptExchange exchange)
    {
        var context = attempt.Context;
        using var tail = new TailBuffer();
        try
        {
            attempt.Arm(attempt.Timeouts.Idle);
            var raw = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
            await using var body = exchange.Response(raw, stream: false);
            while (true)
            {
                // Wait for data without a buffer; rent one only to move what has arrived (see ChunkReader).
                var (buffer, read) = await ChunkReader.ReadAsync(body, ChunkSize, attempt.Token).ConfigureAwait(false);
                try
                {
                    if (!attempt.Committed)
                    {
                        if (!attempt.TryClaim())
                        {
                            return attempt.Finish(AttemptEnd.HedgeLost); // the other attempt of a hedged run answered first
                        }

                        ClientResponse.Commit(attempt, response, keepContentLength: !exchange.Translates);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    tail.Push(buffer.AsSpan(0, read));
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                attempt.Arm(attempt.Timeouts.Idle);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return attempt.Finish(AttemptEnd.ClientGone);
            }

            var kind = e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.IdleTimeout) : FailureKind.StreamError;
            if (!context.Response.HasStarted)
            {
                ClientResponse.Retract(attempt);
                return attempt.Fail(kind, status: 0, retryAfter: null, e);
            }

            // Part of the body is out: the client must not mistake the rest for a complete response.
            var result = attempt.Finish(AttemptEnd.Truncated, kind, exception: e);
            context.Abort();
            return result;
        }

        return attempt.Finish(AttemptEnd.Served, usage: UsageParser.FindLast(tail.Span));
    }
}
