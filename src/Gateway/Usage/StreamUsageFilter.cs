using Gateway.Forwarding;

namespace Gateway.Usage;

/// <summary>
/// Sits on a stream's pass-through: remembers the usage it carries and, when the gateway itself asked the upstream
/// for usage (the client did not), removes the usage-only chunk (<c>"choices":[]</c>) the client did not ask for.
/// Without stripping it only keeps a tail; with stripping it forwards whole events and holds back at most one
/// incomplete event, which the client could not have used yet anyway.
/// </summary>
internal sealed class StreamUsageFilter(bool strip) : IDisposable
{
    private readonly TailBuffer _tail = new();
    private readonly PooledBuffer? _carry = strip ? new PooledBuffer(1024) : null;
    private TokenUsage? _usage;

    /// <summary>The usage seen in the stream, if any.</summary>
    public TokenUsage? Usage => _usage ?? UsageParser.FindLast(_tail.Span);

    /// <summary>Writes what the client should see of <paramref name="chunk"/>.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, Stream output, CancellationToken cancellationToken)
    {
        if (_carry is null)
        {
            _tail.Push(chunk.Span);
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }

        ReadOnlyMemory<byte> data = chunk;
        if (_carry.Length > 0)
        {
            _carry.Append(chunk.Span);
            data = _carry.Memory;
        }

        var (run, scanned) = (0, 0);
        while (true)
        {
            var end = EventEnd(data.Span[scanned..]);
            if (end < 0)
            {
                break;
            }

            var eventEnd = scanned + end;
            if (IsUsageOnly(data.Span[scanned..eventEnd]))
            {
                await output.WriteAsync(data[run..scanned], cancellationToken).ConfigureAwait(false);
                run = eventEnd;
            }

            scanned = eventEnd;
        }

        await output.WriteAsync(data[run..scanned], cancellationToken).ConfigureAwait(false);
        if (scanned == data.Length)
        {
            _carry.Clear();
            return;
        }

        // Rare: an event split across reads. Keep its beginning for the next chunk.
        var rest = data[scanned..].ToArray();
        _carry.Clear();
        _carry.Append(rest);
    }

    /// <summary>Sends what is still held (an unterminated last event) when the stream ends.</summary>
    public ValueTask FlushAsync(Stream output, CancellationToken cancellationToken) =>
        _carry is { Length: > 0 } ? output.WriteAsync(_carry.Memory, cancellationToken) : ValueTask.CompletedTask;

    private bool IsUsageOnly(ReadOnlySpan<byte> sseEvent)
    {
        if (sseEvent.IndexOf("\"usage\""u8) < 0)
        {
            return false;
        }

        if (UsageParser.FindLast(sseEvent) is { } usage)
        {
            _usage = usage;
        }

        return sseEvent.IndexOf("\"choices\":[]"u8) >= 0;
    }

    /// <summary>Offset just past the blank line (LF LF or CRLF CRLF) that ends the first complete event, or -1. One pass.</summary>
    private static int EventEnd(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (true)
        {
            var newline = data[at..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return -1;
            }

            var next = at + newline + 1;
            if (next < data.Length && data[next] == (byte)'\n')
            {
                return next + 1;
            }

            if (next + 1 < data.Length && data[next] == (byte)'\r' && data[next + 1] == (byte)'\n')
            {
                return next + 2;
            }

            at = next;
        }
    }

    public void Dispose() => _carry?.Dispose();
}
