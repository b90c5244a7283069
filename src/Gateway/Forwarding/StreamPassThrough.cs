using System.Buffers;
using Gateway.Buffers;
using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Usage;

namespace Gateway.Forwarding;

/// <summary>
/// A released stream: the held prefix goes out at once, then every further chunk as it arrives, flushed, never parsed
/// beyond what the usage filter needs. Reports how it ended: served (ends as the operation says a complete stream
/// ends), truncated (broke, stalled past the idle timeout, or ended without that end), or the client left.
/// </summary>
internal sealed class StreamPassThrough(UpstreamAttempt attempt, Stream body, IStreamFilter filter)
{
    /// <summary>The last bytes that passed, where the end of a complete stream is.</summary>
    private readonly TailBuffer _tail = new(16);

    /// <summary>Sends the held prefix. A null end means the stream goes on.</summary>
    public async ValueTask<(AttemptEnd? End, FailureKind Failure)> SendHeldAsync(PooledBuffer held, bool ended)
    {
        var context = attempt.Context;
        var output = context.Response.Body;
        try
        {
            _tail.Push(held.Span);
            await filter.WriteAsync(held.Memory, output, context.RequestAborted).ConfigureAwait(false);
            if (ended)
            {
                await filter.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
            }

            await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            return (ended ? AttemptEnd.Served : null, FailureKind.None);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return Broken(e);
        }
    }

    /// <summary>Copies the rest; a buffer is rented only while a chunk is in hand (see <see cref="ChunkReader"/>).</summary>
    public async ValueTask<(AttemptEnd End, FailureKind Failure)> CopyAsync(int chunkSize)
    {
        var context = attempt.Context;
        var output = context.Response.Body;
        try
        {
            while (true)
            {
                attempt.Arm(attempt.Timeouts.Idle);
                var (buffer, read) = await ChunkReader.ReadAsync(body, chunkSize, attempt.Token).ConfigureAwait(false);
                try
                {
                    if (read == 0)
                    {
                        await filter.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                        return (filter.Complete ?? attempt.Request.Operation.EndsComplete(_tail.Span)) ? (AttemptEnd.Served, FailureKind.None) : (AttemptEnd.Truncated, FailureKind.StreamTruncated);
                    }

                    _tail.Push(buffer.AsSpan(0, read));
                    await filter.WriteAsync(buffer.AsMemory(0, read), output, context.RequestAborted).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            return Broken(e);
        }
    }

    private (AttemptEnd, FailureKind) Broken(Exception e) => attempt.Context.RequestAborted.IsCancellationRequested
        ? (AttemptEnd.ClientGone, FailureKind.None)
        : (AttemptEnd.Truncated, e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.IdleTimeout) : FailureKind.StreamTruncated);
}
