using Gateway.Accounts.Limits;
using Xunit;

namespace Gateway.Tests.Accounts.Limits;

public sealed class LimitWindowsTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 31, 23, 59, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("Minute", "2026-01-31T23:59:00Z", "2026-02-01T00:00:00Z", "202601312359", 30)]
    [InlineData("Day", "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z", "20260131", 30)]
    [InlineData("Month", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "202601", 30)]
    public void Windows_AtTheEndOfAMonth_StartResetAndIdInUtc(string name, string start, string reset, string id, long seconds)
    {
        var period = Enum.Parse<LimitPeriod>(name);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), LimitWindows.Start(period, At));
        Assert.Equal(DateTimeOffset.Parse(reset, System.Globalization.CultureInfo.InvariantCulture), LimitWindows.Reset(period, At));
        Assert.Equal(id, LimitWindows.Id(period, At));
        Assert.Equal(seconds, LimitWindows.SecondsToReset(period, At));
    }

    [Fact]
    public void Start_OfALocalTime_IsTheUtcWindow()
    {
        var local = new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.FromHours(2)); // 2026-02-28T23:00Z
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero), LimitWindows.Start(LimitPeriod.Day, local));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), LimitWindows.Start(LimitPeriod.Month, local));
    }

    [Fact]
    public void SecondsToReset_OnTheBoundary_IsTheWholeWindow()
    {
        Assert.Equal(60, LimitWindows.SecondsToReset(LimitPeriod.Minute, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
