using Gateway.Stats;

namespace Gateway.Tests.Stats;

public sealed class ReplicaStatsTests
{
    private readonly ManualClock _clock = new();

    private ReplicaStats CreateSut() => new(_clock);

    private static AttemptSample Ok(double ms, double? firstTokenMs = null, bool failover = false) =>
        new(true, TimeSpan.FromMilliseconds(ms), firstTokenMs is { } f ? TimeSpan.FromMilliseconds(f) : null, failover);

    [Fact]
    public void LastHour_CountsSuccessFailuresAndFailovers_PerProvider()
    {
        var stats = CreateSut();
        stats.Record("a", Ok(100, 40));
        stats.Record("a", Ok(200, 60, failover: true));
        stats.Record("a", new AttemptSample(false, TimeSpan.FromMilliseconds(900), null, false));
        stats.Record("b", Ok(50));

        var hour = stats.LastHour();

        Assert.Equal(["a", "b"], hour.Select(h => h.Provider));
        var a = hour[0];
        Assert.Equal((2L, 1L, 1L), (a.Succeeded, a.Failed, a.Failovers));
        Assert.Equal(2.0 / 3, a.SuccessRate!.Value, 6);
        Assert.NotNull(a.FirstTokenP50);
        Assert.Null(hour[1].FirstTokenP50);
    }

    [Fact]
    public void LastHour_AMinuteOlderThanAnHour_Expires()
    {
        var stats = CreateSut();
        stats.Record("a", Ok(5000));
        _clock.Advance(TimeSpan.FromMinutes(30));
        stats.Record("a", Ok(10));

        Assert.Equal(2, stats.LastHour().Single().Succeeded);
        Assert.True(stats.LastHour().Single().LatencyP99 > 4000);

        _clock.Advance(TimeSpan.FromMinutes(30));
        var later = stats.LastHour().Single();
        Assert.Equal(1, later.Succeeded);
        Assert.True(later.LatencyP99 < 20, $"the 5 s attempt an hour ago still counts: p99 {later.LatencyP99}");

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(stats.LastHour());
        Assert.Equal(0, stats.ProviderCount);
    }

    [Fact]
    public void LastHour_PercentilesOfKnownInputsOverManyMinutes_AreWithinABin()
    {
        var stats = CreateSut();
        for (var minute = 0; minute < 60; minute++)
        {
            for (var j = 1; j <= 10; j++)
            {
                var ms = (minute * 10) + j;
                stats.Record("a", Ok(ms, ms / 2.0));
            }

            if (minute < 59)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
            }
        }

        // 1 to 600 ms over the last 60 minutes: the nearest ranks are 300, 570 and 594 ms (TTFT: half of them).
        var a = stats.LastHour().Single();
        var tolerance = Math.Pow(2, 0.5 / LatencyHistogram.BinsPerDoubling) + 1e-9;
        Assert.Equal(600, a.Succeeded);
        Assert.InRange(a.LatencyP50!.Value, 300 / tolerance, 300 * tolerance);
        Assert.InRange(a.LatencyP95!.Value, 570 / tolerance, 570 * tolerance);
        Assert.InRange(a.LatencyP99!.Value, 594 / tolerance, 594 * tolerance);
        Assert.InRange(a.FirstTokenP99!.Value, 297 / tolerance, 297 * tolerance);
    }

    [Fact]
    public void Record_ThreeHoursOfTraffic_NeverMoreThanSixtyBuckets()
    {
        var stats = CreateSut();
        for (var minute = 0; minute < 180; minute++)
        {
            stats.Record("a", Ok(minute + 1));
            Assert.True(stats.Window("a")!.BucketCount <= ProviderStatsWindow.Minutes, $"minute {minute}: {stats.Window("a")!.BucketCount} buckets");
            _clock.Advance(TimeSpan.FromSeconds(61));
        }

        Assert.Equal(ProviderStatsWindow.Minutes, stats.Window("a")!.BucketCount);
        Assert.InRange(stats.LastHour().Single().Succeeded, 58, 60);
    }

    [Fact]
    public void RecentP95_BelowMinSamples_Null_ThenTheP95_CachedForTenSeconds()
    {
        var stats = CreateSut();
        for (var i = 1; i <= 19; i++)
        {
            stats.Record("a", Ok(100, firstTokenMs: i * 100));
        }

        Assert.Null(stats.RecentP95("a", firstToken: true, minSamples: 20));
        stats.Record("a", Ok(100, firstTokenMs: 2000));
        Assert.Null(stats.RecentP95("a", firstToken: true, minSamples: 20)); // the read of 19 is reused for 10 s

        _clock.Advance(TimeSpan.FromSeconds(10));
        var p95 = stats.RecentP95("a", firstToken: true, minSamples: 20);

        Assert.InRange(p95!.Value.TotalMilliseconds, 1900 * 0.95, 1900 * 1.05); // the 19th of 20 samples, within half a bin
        Assert.InRange(stats.RecentP95("a", firstToken: false, minSamples: 20)!.Value.TotalMilliseconds, 95, 105);
        Assert.Null(stats.RecentP95("b", firstToken: true, minSamples: 1));
    }
}
