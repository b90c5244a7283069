namespace Gateway.Usage;

/// <summary>
/// Sits on a released stream's pass-through: writes what the client should see of each chunk and learns, on the way,
/// the usage the stream reports and (when its format says so) whether it reached its complete end.
/// </summary>
internal interface IStreamFilter : IDisposable
{
    /// <summary>The usage seen in the stream, if any.</summary>
    TokenUsage? Usage { get; }

    /// <summary>Completion tokens counted in the content that passed to the client (0 when the filter does not count).</summary>
    int PassedTokens { get; }

    /// <summary>Whether the stream reached its complete end, when the filter can tell; null: the operation's tail rule decides.</summary>
    bool? Complete { get; }

    /// <summary>Writes what the client should see of <paramref name="chunk"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, Stream output, CancellationToken cancellationToken);

    /// <summary>Sends anything still held when the stream ends.</summary>
    ValueTask FlushAsync(Stream output, CancellationToken cancellationToken);
}
