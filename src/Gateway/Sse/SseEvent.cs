namespace Gateway.Sse;

/// <summary>Reads the <c>data</c> field of one complete event, as framed by <see cref="SseEventFramer"/>.</summary>
internal static class SseEvent
{
    /// <summary>
    /// Counts the event's <c>data:</c> lines and gives the value of the last one (without the one optional space).
    /// One line is the norm in LLM streams, and then that value is the whole payload; several lines are rare,
    /// and a payload split over them ends on the last. Lines may end in LF, CRLF or CR.
    /// </summary>
    public static int Data(ReadOnlySpan<byte> sseEvent, out ReadOnlySpan<byte> lastData)
    {
        lastData = default;
        var count = 0;
        while (!sseEvent.IsEmpty)
        {
            var end = sseEvent.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? sseEvent : sseEvent[..end];
            var next = end < 0 ? sseEvent.Length : end + (sseEvent[end] == (byte)'\r' && end + 1 < sseEvent.Length && sseEvent[end + 1] == (byte)'\n' ? 2 : 1);
            if (line.StartsWith("data:"u8))
            {
                count++;
                lastData = line.Length > 5 && line[5] == (byte)' ' ? line[6..] : line[5..];
            }

            sseEvent = sseEvent[next..];
        }

        return count;
    }
}
