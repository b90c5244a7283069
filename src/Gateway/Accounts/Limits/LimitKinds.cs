namespace Gateway.Accounts.Limits;

/// <summary>What each <see cref="LimitKind"/> counts, its window, its short name (in counter names and metrics) and its 429 code.</summary>
internal static class LimitKinds
{
    public static readonly LimitKind[] All = Enum.GetValues<LimitKind>();

    public static LimitPeriod Period(LimitKind kind) => kind switch
    {
        LimitKind.RequestsPerMinute or LimitKind.TokensPerMinute => LimitPeriod.Minute,
        LimitKind.UsdPerDay or LimitKind.TokensPerDay => LimitPeriod.Day,
        _ => LimitPeriod.Month,
    };

    public static string Name(LimitKind kind) => kind switch
    {
        LimitKind.RequestsPerMinute => "rpm",
        LimitKind.TokensPerMinute => "tpm",
        LimitKind.UsdPerDay => "usd_day",
        LimitKind.UsdPerMonth => "usd_month",
        LimitKind.TokensPerDay => "tokens_day",
        _ => "tokens_month",
    };

    /// <summary>Rates (per minute) are <c>rate_limit_exceeded</c>; budgets (day, month) <c>usage_limit_exceeded</c>.</summary>
    public static string Code(LimitKind kind) => Period(kind) == LimitPeriod.Minute ? "rate_limit_exceeded" : "usage_limit_exceeded";

    /// <summary>
    /// The limit in counter units (requests, tokens, micro-USD: counters are integers so Redis adds them exactly), or
    /// null when not set.
    /// </summary>
    public static long? Of(LimitSet set, LimitKind kind) => kind switch
    {
        LimitKind.RequestsPerMinute => set.RequestsPerMinute,
        LimitKind.TokensPerMinute => set.TokensPerMinute,
        LimitKind.UsdPerDay => set.UsdPerDay is { } d ? MicroUsd(d) : null,
        LimitKind.UsdPerMonth => set.UsdPerMonth is { } m ? MicroUsd(m) : null,
        LimitKind.TokensPerDay => set.TokensPerDay,
        _ => set.TokensPerMonth,
    };

    /// <summary>The amount a request of <paramref name="tokens"/> tokens costing <paramref name="microUsd"/> adds to <paramref name="kind"/>.</summary>
    public static long Amount(LimitKind kind, long tokens, long microUsd) => kind switch
    {
        LimitKind.RequestsPerMinute => 1,
        LimitKind.UsdPerDay or LimitKind.UsdPerMonth => microUsd,
        _ => tokens,
    };

    public static long MicroUsd(decimal usd) => (long)Math.Ceiling(usd * 1_000_000m);

    public static long MicroUsd(double usd) => (long)Math.Ceiling(usd * 1_000_000);
}
