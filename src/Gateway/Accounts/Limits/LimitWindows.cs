using System.Globalization;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Where a fixed window starts and ends: minutes, days and months in UTC. A window's id names its counter, so a new
/// window starts from zero without anyone resetting anything.
/// </summary>
internal static class LimitWindows
{
    /// <summary>The start of the window <paramref name="now"/> lies in.</summary>
    public static DateTimeOffset Start(LimitPeriod period, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return period switch
        {
            LimitPeriod.Minute => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero),
            LimitPeriod.Day => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>When the window <paramref name="now"/> lies in ends (the next one's start).</summary>
    public static DateTimeOffset Reset(LimitPeriod period, DateTimeOffset now)
    {
        var start = Start(period, now);
        return period switch
        {
            LimitPeriod.Minute => start.AddMinutes(1),
            LimitPeriod.Day => start.AddDays(1),
            _ => start.AddMonths(1),
        };
    }

    /// <summary>The window's id, part of its counter's name: <c>yyyyMMddHHmm</c>, <c>yyyyMMdd</c> or <c>yyyyMM</c>.</summary>
    public static string Id(LimitPeriod period, DateTimeOffset now) => Start(period, now).ToString(
        period switch { LimitPeriod.Minute => "yyyyMMddHHmm", LimitPeriod.Day => "yyyyMMdd", _ => "yyyyMM" }, CultureInfo.InvariantCulture);

    /// <summary>Whole seconds (at least 1) until the window ends: what <c>Retry-After</c> says.</summary>
    public static long SecondsToReset(LimitPeriod period, DateTimeOffset now) => Math.Max(1, (long)Math.Ceiling((Reset(period, now) - now).TotalSeconds));
}
