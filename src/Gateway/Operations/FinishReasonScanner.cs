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
    private static readonly byte[] Middle = "finish_reason\""u8.ToArray();

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

        Count += Occurrences(chunk);
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
        for (var start = seam[.._kept].IndexOf((byte)'"'); start >= 0 && start < _kept; start++)
        {
            if (seam[start] == (byte)'"' && start + pattern.Length > _kept && seam[start..].StartsWith(pattern))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Whole matches of either pattern inside <paramref name="span"/>: one vectorised search for their common middle
    /// (<c>finish_reason"</c>, whose first byte is rare in a chunk, where a quote is everywhere), then the bytes around it.
    /// </summary>
    private static int Occurrences(ReadOnlySpan<byte> span)
    {
        var count = 0;
        var at = 0;
        while (true)
        {
            var found = span[at..].IndexOf(Middle);
            if (found < 0)
            {
                return count;
            }

            var name = at + found;
            var colon = name + Middle.Length;
            if (name > 0 && span[name - 1] == (byte)'"' && colon + 1 < span.Length && span[colon] == (byte)':'
                && (span[colon + 1] == (byte)'"' || (span[colon + 1] == (byte)' ' && colon + 2 < span.Length && span[colon + 2] == (byte)'"')))
            {
                count++;
            }

            at = colon;
        }
    }
}
