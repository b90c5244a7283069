namespace Gateway.Telemetry;

/// <summary>One time series: a value (counter, gauge) or bucket counts, sum and count (histogram). Updates are lock-free.</summary>
internal sealed class Series(int buckets)
{
    private readonly long[] _bucketCounts = new long[buckets + 1];
    private double _value;
    private long _count;

    public double Value => Volatile.Read(ref _value);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Per-bucket counts, not cumulative; the last one is above every bound.</summary>
    public long[] BucketCounts => _bucketCounts;

    public void Add(double delta)
    {
        double initial, updated;
        do
        {
            initial = Volatile.Read(ref _value);
            updated = initial + delta;
        }
        while (Interlocked.CompareExchange(ref _value, updated, initial) != initial);
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value, double[] bounds)
    {
        var index = Array.BinarySearch(bounds, value);
        Interlocked.Increment(ref _bucketCounts[index >= 0 ? index : ~index]);
        Add(value);
        Interlocked.Increment(ref _count);
    }
}
