namespace Gateway.Accounts.Limits;

/// <summary>One limit of a <see cref="LimitSet"/>: what it counts and in which window.</summary>
internal enum LimitKind
{
    RequestsPerMinute,
    TokensPerMinute,
    UsdPerDay,
    UsdPerMonth,
    TokensPerDay,
    TokensPerMonth,
}
