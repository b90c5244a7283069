using Gateway.Sse;

namespace Gateway.Operations;

/// <summary>
/// The scan every first-token detector shares: frames the held-back bytes with <see cref="SseEventFramer"/> (each
/// byte looked at once, however the bytes were split), and judges each complete event once, in order, until a
/// judgement is not <see cref="StreamSignal.NeedMore"/>. A format's detector supplies only <see cref="Judge"/>.
/// </summary>
internal abstract class SseFirstTokenScanner : IFirstTokenDetector
{
    private readonly SseEventFramer _framer = new();
    private int _scanned;
    private int _eventStart;

    /// <summary>The upstream's error message after <see cref="StreamSignal.Error"/>.</summary>
    public string? ErrorMessage { get; protected set; }

    /// <summary>Bytes the framer has looked at: each held byte once, however the bytes were split.</summary>
    internal long BytesScanned => _framer.BytesScanned;

    /// <summary>Scans the bytes <paramref name="held"/> (all bytes so far) has beyond the last call; complete events are judged once each.</summary>
    public StreamSignal Scan(ReadOnlySpan<byte> held)
    {
        while (_scanned < held.Length)
        {
            var end = _framer.Advance(held[_scanned..]);
            if (end < 0)
            {
                _scanned = held.Length;
                return StreamSignal.NeedMore;
            }

            var sseEvent = held[_eventStart..(_scanned + end)];
            _scanned = _eventStart = _scanned + end;
            var signal = Judge(sseEvent);
            if (signal != StreamSignal.NeedMore)
            {
                return signal;
            }
        }

        return StreamSignal.NeedMore;
    }

    /// <summary>What one complete event (its lines and their ending) says: <see cref="StreamSignal.NeedMore"/> when nothing yet.</summary>
    protected abstract StreamSignal Judge(ReadOnlySpan<byte> sseEvent);
}
