namespace Gateway.Accounts.Limits;

/// <summary>
/// How a reservation went: admitted (with each line's counter after it), refused by one line (the first over its
/// limit, its counter as it stood), or not tried because a scope's counters are not loaded yet (<see cref="MissingScope"/>).
/// </summary>
internal sealed record ReserveResult(bool Admitted, IReadOnlyList<long> Counters, LimitLine? Refused, string? MissingScope)
{
    public static ReserveResult Missing(string scope) => new(false, [], null, scope);
}
