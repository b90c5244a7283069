namespace Gateway.Operations;

/// <summary>
/// Reads the held-back beginning of a stream until it knows whether to release it (<see cref="StreamSignal"/>):
/// each operation's stream protocol has its own notion of "first content".
/// </summary>
internal interface IFirstTokenDetector
{
    /// <summary>The upstream's error message after <see cref="StreamSignal.Error"/>.</summary>
    string? ErrorMessage { get; }

    /// <summary>Scans the bytes <paramref name="held"/> (all bytes so far) has beyond the last call.</summary>
    StreamSignal Scan(ReadOnlySpan<byte> held);
}
