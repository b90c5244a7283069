namespace Gateway.Operations;

/// <summary>
/// Counts the choices of a chat (or legacy completions) stream that ended with a finish reason: occurrences of
/// <c>"finish_reason":"</c> (a string, never <c>null</c>), compact or with one space as Python's JSON writer puts it,
/// found in the bytes as they pass, matches split across reads included. One vectorised search per pattern and read,
/// nothing parsed, nothing allocated after construction. How a stream that closes without <c>data: [DONE]</c> is
/// still known to be a complete answer.
/// </summary>
internal sealed class FinishReasonScanner
{
    private static readonly byte[] Compact = "\"finish_reason\":\""u8.ToArray();
    private static readonly byte[] Spaced = "\"finish_reason\": \""u8.ToArray();

    /// <summary>The last bytes of the previous read (one less than the longer pattern), then room for as many of the next.</summary>
    private readonly byte[] _seam = new byte[2 * (Spaced.Length - 1)];
    private int _kept;

    /// <summary>Finish reasons seen so far.</summary>
    public int Count { get; private set; }

    /// <summary>Looks at the next bytes of the stream.</summary>
    public void Push(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        // Matches that start in the kept tail of the previous read and end in this one.
        if (_kept > 0)
        {
            var head = Math.Min(chunk.Length, Spaced.Length - 1);
            chunk[..head].CopyTo(_seam.AsSpan(_kept));
            var seam = _seam.AsSpan(0, _kept + head);
            Count += Straddling(seam, Compact) + Straddling(seam, Spaced);
        }

        Count += Occurrences(chunk, Compact) + Occurrences(chunk, Spaced);
        var keep = Math.Min(chunk.Length, Spaced.Length - 1);
        if (keep < Spaced.Length - 1 && _kept > 0)
        {
            // A short read: keep the end of the previous tail and these bytes, at most one pattern less one byte.
            var joined = _seam.AsSpan(0, _kept + keep);
            var tail = Math.Min(joined.Length, Spaced.Length - 1);
            joined[^tail..].CopyTo(_seam);
            _kept = tail;
        }
        else
        {
            chunk[^keep..].CopyTo(_seam);
            _kept = keep;
        }
    }

    private int Straddling(ReadOnlySpan<byte> seam, ReadOnlySpan<byte> pattern)
    {
        var count = 0;
        for (var start = 0; start < _kept; start++)
        {
            if (start + pattern.Length > _kept && seam[start..].StartsWith(pattern))
            {
                count++;
            }
        }

        return count;
    }

    private static int Occurrences(ReadOnlySpan<byte> span, ReadOnlySpan<byte> pattern)
    {
        var count = 0;
        for (var at = span.IndexOf(pattern); at >= 0; at = span.IndexOf(pattern))
        {
            count++;
            span = span[(at + pattern.Length)..];
        }

        return count;
    }
}
