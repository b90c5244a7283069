namespace Gateway.Usage;

/// <summary>
/// What counting the tokens of one request may cost, and what it did: at most <see cref="Limit"/> characters go to the
/// tokenizer (the rest count one token per UTF-8 byte, an upper bound: no o200k token is shorter than a byte), and
/// counting stops with <see cref="OperationCanceledException"/> once <see cref="Cancellation"/> fires (the client left).
/// Not thread-safe: one per request. Its counters let tests hold counting to the input's length.
/// </summary>
/// <param name="limit">Characters the tokenizer may be given at most.</param>
/// <param name="cancellation">Stops the count (the request's abort token).</param>
/// <param name="meter">Told each piece's length as it is counted (a process-wide meter of work), if given.</param>
internal sealed class TokenWork(long limit, CancellationToken cancellation = default, Action<int>? meter = null)
{
    /// <summary>No cap and no cancellation: for text already bounded (a stream's delta, a test).</summary>
    public static TokenWork Unbounded => new(long.MaxValue);

    /// <summary>Characters the tokenizer may still be given.</summary>
    public long Limit => limit;

    public CancellationToken Cancellation => cancellation;

    /// <summary>Characters given to the tokenizer so far.</summary>
    public long Chars { get; private set; }

    /// <summary>Calls made to the tokenizer so far.</summary>
    public long Calls { get; private set; }

    /// <summary>The longest piece given to the tokenizer in one call.</summary>
    public int LongestPiece { get; private set; }

    /// <summary>Characters counted by their UTF-8 bytes instead (past the cap).</summary>
    public long Overflow { get; private set; }

    /// <summary>Whether the cap was reached.</summary>
    public bool Capped => Overflow > 0;

    /// <summary>
    /// Test hook, null in production: called on the counting thread after each piece is metered, before the tokenizer
    /// takes it. A test holds the count here (until its client has left, say) instead of relying on how long a body takes.
    /// </summary>
    internal Action<TokenWork>? PieceCounted { get; set; }

    /// <summary>How many of <paramref name="length"/> characters the tokenizer may take now.</summary>
    internal long Allow(long length) => Math.Min(length, limit - Chars);

    internal void Counted(int piece)
    {
        cancellation.ThrowIfCancellationRequested();
        Chars += piece;
        Calls++;
        meter?.Invoke(piece);
        LongestPiece = Math.Max(LongestPiece, piece);
        PieceCounted?.Invoke(this);
    }

    internal void Overflowed(long chars) => Overflow += chars;
}
