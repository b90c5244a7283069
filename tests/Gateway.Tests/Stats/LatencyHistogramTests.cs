using Gateway.Stats;

namespace Gateway.Tests.Stats;

public sealed class LatencyHistogramTests
{
    /// <summary>Half a bin: a percentile read from the bins is at most this far (relative) from the value it stands for.</summary>
    private static readonly double BinError = Math.Pow(2, 0.5 / LatencyHistogram.BinsPerDoubling) - 1;

    [Fact]
    public void Percentile_Empty_IsNull() => Assert.Null(new LatencyHistogram().Percentile(0.5));

    [Fact]
    public void Percentile_OneToThousandMs_IsWithinHalfABinOfTheTrueRanks()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Add(ms);
        }

        foreach (var (quantile, expected) in new[] { (0.50, 500.0), (0.95, 950.0), (0.99, 990.0) })
        {
            var actual = histogram.Percentile(quantile)!.Value;
            Assert.True(Math.Abs(actual - expected) / expected <= BinError + 1e-9, $"p{quantile * 100}: {actual} for {expected}");
        }
    }

    [Fact]
    public void Percentile_TwoClusters_TheTailPercentilesLandInTheSlowCluster()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 90; i++)
        {
            histogram.Add(100);
        }

        for (var i = 0; i < 10; i++)
        {
            histogram.Add(3000);
        }

        Assert.InRange(histogram.Percentile(0.50)!.Value, 100 / (1 + BinError), 100 * (1 + BinError));
        Assert.InRange(histogram.Percentile(0.95)!.Value, 3000 / (1 + BinError), 3000 * (1 + BinError));
        Assert.InRange(histogram.Percentile(0.99)!.Value, 3000 / (1 + BinError), 3000 * (1 + BinError));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(-5.0, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(1e12, LatencyHistogram.BinCount - 1)]
    public void Bin_OutOfRange_IsClampedToTheEnds(double ms, int bin) => Assert.Equal(bin, LatencyHistogram.Bin(ms));

    [Fact]
    public void Add_Histogram_SumsBinsAndCounts()
    {
        var (a, b) = (new LatencyHistogram(), new LatencyHistogram());
        a.Add(10);
        b.Add(1000);
        b.Add(1000);

        a.Add(b);

        Assert.Equal(3, a.Count);
        Assert.InRange(a.Percentile(0.9)!.Value, 1000 / (1 + BinError), 1000 * (1 + BinError));
    }
}
