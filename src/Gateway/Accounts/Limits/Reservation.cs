namespace Gateway.Accounts.Limits;

/// <summary>
/// What one request holds against its limits until it settles: the lines (every limit that applies), the hash tag
/// that keeps their counters in one Redis slot, and when the hold lapses if nobody settles it (a crashed replica).
/// </summary>
internal sealed record Reservation(string Id, string Tag, IReadOnlyList<string> Scopes, IReadOnlyList<LimitLine> Lines, DateTimeOffset Expires)
{
    /// <summary>Whether this replica holds it alone (Redis was unreachable when it was made).</summary>
    public bool Local { get; set; }

    /// <summary>Whether it was made near a limit: its settle goes at once rather than with the next batch.</summary>
    public bool SettleAtOnce { get; set; }

    /// <summary>Amount the request would add had it used <paramref name="tokens"/> tokens and <paramref name="microUsd"/>.</summary>
    public long Actual(LimitLine line, long tokens, long microUsd) => LimitKinds.Amount(line.Kind, tokens, microUsd);
}
