using System.Buffers;
using Gateway.Buffers;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Outcomes;
using Gateway.Usage;

namespace Gateway.Forwarding;

/// <summary>
/// A released stream: the held prefix goes out at once, then every further chunk as it arrives, flushed, never parsed
/// beyond what the usage filter needs. Reports how it ended: served (ends as the operation says a complete stream
/// ends), truncated (broke, stalled past the idle timeout, or ended without that end), or the client left. A chat
/// stream whose content is complete (every choice finished) is served even when the upstream closes or stalls
/// without its <c>[DONE]</c>: the gateway writes the end marker itself, and the provider is not blamed.
/// </summary>
internal sealed class StreamPassThrough(UpstreamAttempt attempt, Stream body, StreamEventGuard filter)
{
    /// <summary>The last bytes that passed, where the end of a complete stream is.</summary>
    private readonly TailBuffer _tail = new(16);

    /// <summary>Finish reasons seen, for an operation whose content tells when it is complete (chat, completions).</summary>
    private readonly FinishReasonScanner? _finished = attempt.Request.Operation.CompletedByContent is null
        || (attempt.Request.Envelope.Content & Contracts.ContentKinds.ManyChoices) != 0 ? null : new FinishReasonScanner();

    /// <summary>Sends the held prefix. A null end means the stream goes on.</summary>
    public async ValueTask<(AttemptEnd? End, FailureKind Failure)> SendHeldAsync(PooledBuffer held, bool ended)
    {
        var context = attempt.Context;
        var output = context.Response.Body;
        try
        {
            _tail.Push(held.Span);
            _finished?.Push(held.Span);
            await filter.WriteAsync(held.Memory, output, context.RequestAborted).ConfigureAwait(false);
            if (filter.Broken is { } broken)
            {
                await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                return (AttemptEnd.Truncated, broken);
            }

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

    /// <summary>
    /// Copies the rest; a buffer is rented only while a chunk is in hand: a zero-byte read waits for data first, as
    /// <see cref="ChunkReader"/> does. Written out here rather than through it: its state machine (168 B) would be held
    /// by every open stream, and each chunk would resume two state machines instead of one.
    /// </summary>
    public async ValueTask<(AttemptEnd End, FailureKind Failure)> CopyAsync(int chunkSize)
    {
        var context = attempt.Context;
        var output = context.Response.Body;
        try
        {
            while (true)
            {
                attempt.Arm(attempt.Timeouts.Idle);
                await body.ReadAsync(Memory<byte>.Empty, attempt.Token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
                try
                {
                    var read = await body.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        await filter.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                        return filter.Complete ?? attempt.Request.Operation.EndsComplete(_tail.Span) ? (AttemptEnd.Served, FailureKind.None)
                            : await EndCompleteByContentAsync(output).ConfigureAwait(false) ? (AttemptEnd.Served, FailureKind.None)
                            : (AttemptEnd.Truncated, FailureKind.StreamTruncated);
                    }

                    _tail.Push(buffer.AsSpan(0, read));
                    _finished?.Push(buffer.AsSpan(0, read));
                    await filter.WriteAsync(buffer.AsMemory(0, read), output, context.RequestAborted).ConfigureAwait(false);
                    if (filter.Broken is { } broken)
                    {
                        // Too many malformed events, or an error event mid-answer: the upstream cannot be trusted any more.
                        await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                        return (AttemptEnd.Truncated, broken);
                    }
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
            // A complete answer whose upstream then stalled or broke is still a complete answer.
            return !context.RequestAborted.IsCancellationRequested && await EndCompleteByContentAsync(output).ConfigureAwait(false)
                ? (AttemptEnd.Served, FailureKind.None)
                : Broken(e);
        }
    }

    /// <summary>
    /// Whether the stream, lacking its end marker, is complete by its content: every choice finished, the usage the
    /// client asked for (<c>stream_options</c>) came, and the last event is whole. Then the end marker is written.
    /// </summary>
    private async ValueTask<bool> EndCompleteByContentAsync(Stream output)
    {
        var request = attempt.Request;
        if (_finished is not { Count: > 0 } || (request.Envelope.HasStreamOptions && filter.Usage is null) || !(_tail.Span.EndsWith("\n\n"u8) || _tail.Span.EndsWith("\r\n\r\n"u8)))
        {
            return false;
        }

        try
        {
            await output.WriteAsync(request.Operation.CompletedByContent!, request.Context.RequestAborted).ConfigureAwait(false);
            await output.FlushAsync(request.Context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private (AttemptEnd, FailureKind) Broken(Exception e) => attempt.Context.RequestAborted.IsCancellationRequested
        ? (AttemptEnd.ClientGone, FailureKind.None)
        : (AttemptEnd.Truncated, e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.IdleTimeout) : FailureKind.StreamTruncated);
}
