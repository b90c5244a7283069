using System.Buffers;
using Gateway.Buffers;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Outcomes;
using Gateway.Usage;

namespace Gateway.Forwarding;

/// <summary>
/// A released stream: the held prefix goes out at once, then every further chunk as it arrives, flushed, never parsed
/// beyond what the usage filter needs; then the attempt ends. Served: ends as the operation says a complete stream
/// ends. Truncated: broke, stalled past the idle timeout, or ended without that end; then it is continued on another
/// provider when it can be (<see cref="StreamContinuations"/>), else it ends with the surface's error event. Or the
/// client left. A chat stream whose content is complete (every choice finished) is served even when the upstream
/// closes or stalls without its <c>[DONE]</c>: the gateway writes the end marker itself, and the provider is not blamed.
/// Owns the upstream response (and its request), the held prefix and the filter from its release on.
/// </summary>
internal sealed class StreamPassThrough(
    UpstreamAttempt attempt, HttpResponseMessage response, Stream body, StreamEventGuard filter, StreamContinuations continuations, PooledBuffer held, bool ended)
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The last bytes that passed, where the end of a complete stream is.</summary>
    private readonly TailBuffer _tail = new(16);

    /// <summary>Finish reasons seen, for an operation whose content tells when it is complete (chat, completions).</summary>
    private readonly FinishReasonScanner? _finished = attempt.Request.Operation.CompletedByContent is null
        || (attempt.Request.Envelope.Content & Contracts.ContentKinds.ManyChoices) != 0 ? null : new FinishReasonScanner();

    private PooledBuffer? _held = held;

    /// <summary>
    /// Sends the held prefix, copies the rest and ends the attempt. A buffer is rented only while a chunk is in hand:
    /// a zero-byte read waits for data first, as <see cref="ChunkReader"/> does. The copy is written out here rather
    /// than in a method of its own (or through the reader): every open stream holds this one state machine, and each
    /// chunk resumes only it.
    /// </summary>
    public async ValueTask<AttemptResult> RunAsync()
    {
        var context = attempt.Context;
        var output = context.Response.Body;
        try
        {
            var (end, failure) = await SendHeldAsync(output).ConfigureAwait(false);
            _held!.Dispose();
            _held = null;
            var ending = end ?? AttemptEnd.Served;
            if (end is null)
            {
                try
                {
                    while (true)
                    {
                        attempt.Arm(attempt.Timeouts.Idle);
                        await body.ReadAsync(Memory<byte>.Empty, attempt.Token).ConfigureAwait(false);
                        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                        try
                        {
                            var read = await body.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
                            if (read == 0)
                            {
                                await filter.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                                (ending, failure) = filter.Complete ?? attempt.Request.Operation.EndsComplete(_tail.Span) ? (AttemptEnd.Served, FailureKind.None)
                                    : await EndCompleteByContentAsync(output).ConfigureAwait(false) ? (AttemptEnd.Served, FailureKind.None)
                                    : (AttemptEnd.Truncated, FailureKind.StreamTruncated);
                                break;
                            }

                            _tail.Push(buffer.AsSpan(0, read));
                            _finished?.Push(buffer.AsSpan(0, read));
                            await filter.WriteAsync(buffer.AsMemory(0, read), output, context.RequestAborted).ConfigureAwait(false);
                            if (filter.Broken is { } broken)
                            {
                                // Too many malformed events, or an error event mid-answer: the upstream cannot be trusted any more.
                                await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                                (ending, failure) = (AttemptEnd.Truncated, broken);
                                break;
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
                    (ending, failure) = !context.RequestAborted.IsCancellationRequested && await EndCompleteByContentAsync(output).ConfigureAwait(false)
                        ? (AttemptEnd.Served, FailureKind.None)
                        : Broken(e);
                }
            }

            return ending == AttemptEnd.Truncated ? await EndTruncatedAsync(failure).ConfigureAwait(false) : End(ending);
        }
        finally
        {
            _held?.Dispose();
            filter.Dispose();
            var sent = response.RequestMessage;
            response.Dispose();
            sent?.Dispose();
        }
    }

    /// <summary>Sends the held prefix. A null end means the stream goes on.</summary>
    private async ValueTask<(AttemptEnd? End, FailureKind Failure)> SendHeldAsync(Stream output)
    {
        var context = attempt.Context;
        try
        {
            _tail.Push(_held!.Span);
            _finished?.Push(_held.Span);
            await filter.WriteAsync(_held.Memory, output, context.RequestAborted).ConfigureAwait(false);
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

    /// <summary>A stream that ended served, or because the client left: billed its usage when it came, else the tokens that passed.</summary>
    private AttemptResult End(AttemptEnd ending)
    {
        if (ending == AttemptEnd.Served && attempt.State.Continuation is { Continuing: true })
        {
            continuations.Continued(attempt);
        }

        return attempt.Finish(ending, usage: ending is AttemptEnd.Served or AttemptEnd.ClientGone ? filter.Usage : null, passedTokens: filter.PassedTokens);
    }

    /// <summary>A stream that broke after its release: continued on another provider when it can be, else ended with the surface's error event.</summary>
    private async ValueTask<AttemptResult> EndTruncatedAsync(FailureKind failure)
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
        await ClientResponse.WriteStreamErrorAsync(attempt.Context, attempt.Request.Operation, provider, kind).ConfigureAwait(false);
        return result;
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
