using Gateway.Buffers;
using Gateway.Sse;

namespace Gateway.Usage;

/// <summary>
/// Sits on a stream's pass-through: remembers the usage it carries and, when the gateway itself asked the upstream
/// for usage (the client did not), removes the usage-only chunk (<see cref="UsageOnlyChunk"/>) the client did not ask
/// for. Without stripping it only keeps a tail; with stripping it forwards whole events and holds back at most one
/// incomplete event, which the client could not have used yet anyway. An event that outgrows the framer's cap cannot
/// be that small chunk: what is held of it goes out and the rest of it streams through unheld until it ends.
/// Nothing is held while a stream idles between whole events: the carry is rented only for an event split across
/// reads and returned once it is written, and the tail exists only when the client asked for usage itself.
/// </summary>
internal sealed class StreamUsageFilter(bool strip, int maxEventBytes = SseEventFramer.DefaultMaxEventBytes) : IStreamFilter
{
    private readonly TailBuffer? _tail = strip ? null : new TailBuffer();
    private readonly SseEventFramer? _framer = strip ? new SseEventFramer(maxEventBytes) : null;
    private PooledBuffer? _carry;
    private bool _passing;
    private TokenUsage? _usage;

    /// <summary>The usage seen in the stream, if any.</summary>
    public TokenUsage? Usage => _usage ?? (_tail is null ? null : UsageParser.FindLast(_tail.Span));

    /// <summary>Counting is the observer's job (<c>ObservingStreamFilter</c> wraps this filter when a request counts).</summary>
    public int PassedTokens => 0;

    /// <summary>Chat streams end as their tail says (<c>[DONE]</c>), which the pass-through checks itself.</summary>
    public bool? Complete => null;

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the stream's length).</summary>
    internal long BytesScanned => _framer?.BytesScanned ?? 0;

    /// <summary>Bytes held back (the beginning of an incomplete event); never more than the cap.</summary>
    internal int HeldBytes => _carry?.Length ?? 0;

    /// <summary>Writes what the client should see of <paramref name="chunk"/>.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, Stream output, CancellationToken cancellationToken)
    {
        if (_framer is null)
        {
            _tail!.Push(chunk.Span);
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }

        // chunk[run..at] is decided and not yet written; a held beginning (the carry) only ever precedes the first event.
        var (run, at) = (0, 0);
        while (at < chunk.Length)
        {
            var end = _framer.Advance(chunk.Span[at..]);
            if (end < 0)
            {
                break;
            }

            var eventEnd = at + end;
            if (_passing)
            {
                _passing = false;
            }
            else if (_carry is { Length: > 0 } carry)
            {
                var whole = carry.Length + end <= maxEventBytes;
                if (whole)
                {
                    carry.Append(chunk.Span[at..eventEnd]);
                    run = eventEnd;
                }

                if (!whole || !IsUsageOnly(carry.Span))
                {
                    await output.WriteAsync(carry.Memory, cancellationToken).ConfigureAwait(false);
                }

                ReleaseCarry();
            }
            else if (IsUsageOnly(chunk.Span[at..eventEnd]))
            {
                await output.WriteAsync(chunk[run..at], cancellationToken).ConfigureAwait(false);
                run = eventEnd;
            }

            at = eventEnd;
        }

        if (!_passing && at < chunk.Length && _framer.IsOverLimit)
        {
            // Too long for the usage chunk: send what was held and stream the rest of this event through.
            if (_carry is { } carry)
            {
                await output.WriteAsync(carry.Memory, cancellationToken).ConfigureAwait(false);
                ReleaseCarry();
            }

            _passing = true;
        }

        var keep = _passing ? chunk.Length : at;
        await output.WriteAsync(chunk[run..keep], cancellationToken).ConfigureAwait(false);
        if (keep < chunk.Length)
        {
            (_carry ??= new PooledBuffer(Math.Max(256, chunk.Length - keep))).Append(chunk.Span[keep..]);
        }
    }

    /// <summary>Sends what is still held (an unterminated last event) when the stream ends.</summary>
    public ValueTask FlushAsync(Stream output, CancellationToken cancellationToken) =>
        _carry is { Length: > 0 } ? output.WriteAsync(_carry.Memory, cancellationToken) : ValueTask.CompletedTask;

    private bool IsUsageOnly(ReadOnlySpan<byte> sseEvent)
    {
        var named = sseEvent.IndexOf("\"usage\""u8) >= 0;
        if (named && UsageParser.FindLast(sseEvent) is { } usage)
        {
            _usage = usage;
        }

        // The usage-only chunk has a property named usage, spelt out or with a \u escape (no other escape makes a
        // letter): an event with neither, as every content chunk is, is not it, and is not parsed.
        return (named || sseEvent.IndexOf("\\u"u8) >= 0) && SseEvent.Data(sseEvent, out var data) == 1 && UsageOnlyChunk.Is(data);
    }

    private void ReleaseCarry()
    {
        _carry?.Dispose();
        _carry = null;
    }

    public void Dispose()
    {
        ReleaseCarry();
        _tail?.Dispose();
    }
}
