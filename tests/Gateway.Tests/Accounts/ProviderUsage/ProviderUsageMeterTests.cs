using Gateway.Accounts.ProviderUsage;
using Xunit;

namespace Gateway.Tests.Accounts.ProviderUsage;

public sealed class ProviderUsageMeterTests
{
    private readonly ManualClock _clock = new();

    private ProviderUsageMeter CreateSut(params (string Provider, long Limit)[] limits)
    {
        var meter = new ProviderUsageMeter(_clock);
        meter.SetLimits(limits.Select(l => KeyValuePair.Create(l.Provider, l.Limit)));
        return meter;
    }

    [Fact]
    public void Add_BelowTheLimit_NothingOver()
    {
        var meter = CreateSut(("a", 100));
        meter.Add("a", 99, _clock.GetUtcNow());
        Assert.False(meter.AnyOver);
        Assert.Equal(99, meter.Used("a"));
    }

    [Fact]
    public void Add_ReachingTheLimit_ProviderIsOverAndVersionMoves()
    {
        var meter = CreateSut(("a", 100), ("b", 100));
        var before = meter.Version;
        meter.Add("a", 60, _clock.GetUtcNow());
        meter.Add("a", 40, _clock.GetUtcNow());
        Assert.True(meter.IsOver("a"));
        Assert.False(meter.IsOver("b"));
        Assert.True(meter.Version > before);
    }

    [Fact]
    public void SetLimits_RaisedAboveTheUsage_ProviderIsNoLongerOver()
    {
        var meter = CreateSut(("a", 10));
        meter.Add("a", 10, _clock.GetUtcNow());
        Assert.True(meter.IsOver("a"));
        meter.SetLimits([KeyValuePair.Create("a", 11L)]);
        Assert.False(meter.AnyOver);
    }

    [Fact]
    public void SetLimits_Zero_OverBeforeAnyUse()
    {
        var meter = CreateSut(("a", 0));
        Assert.True(meter.IsOver("a"));
    }

    [Fact]
    public void Add_ProviderWithoutLimit_CountedNeverOver()
    {
        var meter = CreateSut();
        meter.Add("free", 1_000_000, _clock.GetUtcNow());
        Assert.Equal(1_000_000, meter.Used("free"));
        Assert.False(meter.AnyOver);
    }

    [Fact]
    public void Add_InAnotherMonth_LeftToTheNextRefresh()
    {
        var meter = CreateSut(("a", 10));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), meter.PeriodEnd);
        meter.Add("a", 50, meter.PeriodEnd);
        Assert.Equal(0, meter.Used("a"));
        Assert.False(meter.AnyOver);
    }
}
