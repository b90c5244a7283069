namespace Gateway.Stats;

/// <summary>
/// A fixed-size histogram of durations in milliseconds with log-spaced bins (eight per doubling, from 1 ms to about
/// 18 minutes): memory is the same whatever is recorded, histograms add bin by bin, and a percentile read from the bins
/// is within about 4.5 % of the true value (half a bin). Not thread-safe: its owner locks.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Bins per doubling of the duration.</summary>
    public const int BinsPerDoubling = 8;

    /// <summary>Bin 0 holds everything under 1 ms; the last bin everything from about 18 minutes up.</summary>
    public const int BinCount = 20 * BinsPerDoubling;

    private readonly int[] _bins = new int[BinCount];

    public long Count { get; private set; }

    public void Add(double milliseconds)
    {
        _bins[Bin(milliseconds)]++;
        Count++;
    }

    /// <summary>Adds every bin of <paramref name="other"/> to this one.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BinCount; i++)
        {
            _bins[i] += other._bins[i];
        }

        Count += other.Count;
    }

    public void Clear()
    {
        Array.Clear(_bins);
        Count = 0;
    }

    /// <summary>The <paramref name="quantile"/> (0 to 1) as the geometric middle of the bin it falls in; null when empty.</summary>
    public double? Percentile(double quantile)
    {
        if (Count == 0)
        {
            return null;
        }

        // The rank of the value asked for (1-based, nearest rank), then the bin holding it.
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var i = 0; i < BinCount; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
            {
                return Middle(i);
            }
        }

        return Middle(BinCount - 1);
    }

    /// <summary>The bin of a duration: <c>floor(log2(ms) * 8)</c>, clamped to the histogram.</summary>
    public static int Bin(double milliseconds) =>
        milliseconds < 1 || double.IsNaN(milliseconds) ? 0 : Math.Min(BinCount - 1, (int)(Math.Log2(milliseconds) * BinsPerDoubling));

    /// <summary>The geometric middle of bin <paramref name="bin"/> (bin 0: 0.5 ms, under the first boundary).</summary>
    public static double Middle(int bin) => bin == 0 ? 0.5 : Math.Pow(2, (bin + 0.5) / BinsPerDoubling);
}
