namespace Gateway.Accounts.Limits;

/// <summary>
/// One limit a request is held to: the scope (<c>k:&lt;key id&gt;</c> or <c>o:&lt;owner&gt;</c>), what it counts, the
/// limit and the amount reserved (counter units), the counter's name (its window's id in it) and when it resets.
/// </summary>
internal sealed record LimitLine(string Scope, LimitKind Kind, long Limit, long Amount, string Counter, DateTimeOffset Reset);
