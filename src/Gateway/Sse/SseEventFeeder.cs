using System.Buffers;

namespace Gateway.Sse;

/// <summary>
/// The input side of an incremental stream mapper: takes SSE bytes split anywhere, frames them with
/// <see cref="SseEventFramer"/> (each byte looked at once) and hands each complete event to a callback where it lies
/// in the input. Only an event split across feeds is copied, and only up to the cap: an event longer than that is no
/// event a provider sends, and fails the stream (<see cref="InvalidDataException"/>), whether it came in one feed or many.
/// One place for this loop, so every mapper holds, caps and fails the same way.
/// </summary>
internal sealed class SseEventFeeder(int maxEventBytes = SseEventFramer.DefaultMaxEventBytes)
{
    private readonly SseEventFramer _framer = new(maxEventBytes);
    private readonly ArrayBufferWriter<byte> _held = new(1024);

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _framer.BytesScanned;

    /// <summary>Bytes held of an event split across feeds (0 between whole events).</summary>
    internal int HeldBytes => _held.WrittenCount;

    /// <summary>
    /// Feeds bytes: calls <paramref name="map"/> once for each event they complete, in order, with
    /// <paramref name="output"/>, and holds the beginning of an event they leave incomplete.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output, Action<ReadOnlySpan<byte>, IBufferWriter<byte>> map)
    {
        var at = 0;
        while (at < input.Length)
        {
            var end = _framer.Advance(input[at..]);
            if (end < 0)
            {
                Hold(input[at..]);
                return;
            }

            if (_held.WrittenCount == 0)
            {
                map(end <= maxEventBytes ? input.Slice(at, end) : throw TooLong(), output);
            }
            else
            {
                Hold(input.Slice(at, end));
                map(_held.WrittenSpan, output);
                _held.ResetWrittenCount();
            }

            at += end;
        }
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (_held.WrittenCount + bytes.Length > maxEventBytes)
        {
            throw TooLong();
        }

        _held.Write(bytes);
    }

    private InvalidDataException TooLong() => new($"An event from the provider is longer than {maxEventBytes} bytes.");
}
