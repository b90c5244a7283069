namespace Gateway.Sse;

/// <summary>
/// Finds where server-sent events end in a byte stream that arrives in pieces: an event ends at an empty line,
/// and lines end in LF, CRLF or a lone CR (mixed freely). Incremental and linear: each byte is looked at once,
/// whatever the piece sizes; the framer holds no bytes, only where it is in the current line and event, so the
/// caller decides what to keep. It counts the current event's length, which callers compare with their cap
/// (<see cref="IsOverLimit"/>) before holding any more of an event fed by an upstream peer.
/// </summary>
internal sealed class SseEventFramer(int maxEventBytes = SseEventFramer.DefaultMaxEventBytes)
{
    /// <summary>The longest event a caller should hold whole: far above any real chunk, far below a memory problem.</summary>
    public const int DefaultMaxEventBytes = 1024 * 1024;

    private bool _lineEmpty = true;
    private bool _pendingCr;
    private bool _crLineEmpty;

    /// <summary>The cap this framer was made with.</summary>
    public int MaxEventBytes => maxEventBytes;

    /// <summary>Bytes of the current event seen so far (those of earlier calls that did not end it).</summary>
    public long EventLength { get; private set; }

    /// <summary>Whether the current event is already longer than <see cref="MaxEventBytes"/>.</summary>
    public bool IsOverLimit => EventLength > maxEventBytes;

    /// <summary>Every byte this framer has looked at, ever: the measure of its work, which tests hold to the input's length.</summary>
    internal long BytesScanned { get; private set; }

    /// <summary>
    /// Scans the next bytes of the stream. Returns how many of them complete the current event (0 when a CR that
    /// ended the previous piece turns out to have ended it), or -1 when all of them belong to it and it goes on.
    /// After an end the next byte starts a new event; pass the rest of the piece in the next call.
    /// </summary>
    public int Advance(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        if (_pendingCr && bytes.Length > 0)
        {
            // A CR ended the last piece: an LF now belongs to it (CRLF), anything else starts the next line.
            _pendingCr = false;
            at = bytes[0] == (byte)'\n' ? 1 : 0;
            if (EndLine(_crLineEmpty))
            {
                return Complete(at);
            }
        }

        while (at < bytes.Length)
        {
            if (!_lineEmpty)
            {
                // Inside a line: jump to its end (vectorised); the bytes jumped over are never looked at again.
                var next = bytes[at..].IndexOfAny((byte)'\r', (byte)'\n');
                if (next < 0)
                {
                    at = bytes.Length;
                    break;
                }

                at += next;
            }

            var b = bytes[at++];
            if (b == (byte)'\n')
            {
                if (EndLine(_lineEmpty))
                {
                    return Complete(at);
                }
            }
            else if (b == (byte)'\r')
            {
                if (at == bytes.Length)
                {
                    // CR or CRLF? The next piece tells; until then the event is not known to have ended.
                    (_pendingCr, _crLineEmpty) = (true, _lineEmpty);
                    break;
                }

                at += bytes[at] == (byte)'\n' ? 1 : 0;
                if (EndLine(_lineEmpty))
                {
                    return Complete(at);
                }
            }
            else
            {
                _lineEmpty = false;
            }
        }

        BytesScanned += bytes.Length;
        EventLength += bytes.Length;
        return -1;
    }

    /// <summary>A line ended; whether it was empty, which ends the event.</summary>
    private bool EndLine(bool wasEmpty)
    {
        _lineEmpty = true;
        return wasEmpty;
    }

    private int Complete(int length)
    {
        BytesScanned += length;
        EventLength = 0;
        return length;
    }
}
