namespace Gateway.Stats;

/// <summary>
/// One provider's last hour as a ring of per-minute slots (at most <see cref="Minutes"/>, made when first written): a
/// slot is reused when its minute comes round again, so memory stays bounded however long the process runs.
/// </summary>
internal sealed class ProviderStatsWindow
{
    /// <summary>Slots in the ring: one hour of minutes.</summary>
    public const int Minutes = 60;

    private readonly Lock _lock = new();
    private readonly StatsMinute?[] _slots = new StatsMinute?[Minutes];

    /// <summary>Slots made so far (never more than <see cref="Minutes"/>).</summary>
    public int BucketCount
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count(s => s is not null);
            }
        }
    }

    public void Add(long minute, in AttemptSample sample)
    {
        lock (_lock)
        {
            var slot = _slots[Slot(minute)] ??= new StatsMinute();
            slot.Claim(minute);
            slot.Add(in sample);
        }
    }

    /// <summary>The slots of minutes <c>now - 59</c> to <c>now</c> merged; null when none has anything.</summary>
    public ProviderHourStats? Read(string provider, long now)
    {
        var (latency, firstToken) = (new LatencyHistogram(), new LatencyHistogram());
        (long succeeded, long failed, long failovers, var any) = (0, 0, 0, false);
        lock (_lock)
        {
            foreach (var slot in _slots)
            {
                if (slot is null || slot.Minute <= now - Minutes || slot.Minute > now)
                {
                    continue;
                }

                any = true;
                latency.Add(slot.Latency);
                firstToken.Add(slot.FirstToken);
                (succeeded, failed, failovers) = (succeeded + slot.Succeeded, failed + slot.Failed, failovers + slot.Failovers);
            }
        }

        return any ? new ProviderHourStats(provider, succeeded, failed, failovers,
            latency.Percentile(0.50), latency.Percentile(0.95), latency.Percentile(0.99),
            firstToken.Percentile(0.50), firstToken.Percentile(0.95), firstToken.Percentile(0.99)) : null;
    }

    /// <summary>
    /// The <paramref name="quantile"/> of the time to first token (<paramref name="firstToken"/>) or of the latency over
    /// minutes <c>now - 59</c> to <c>now</c>, with the number of samples behind it; null when there are none.
    /// </summary>
    public (double? Milliseconds, long Samples) Percentile(long now, bool firstToken, double quantile)
    {
        var merged = new LatencyHistogram();
        lock (_lock)
        {
            foreach (var slot in _slots)
            {
                if (slot is not null && slot.Minute > now - Minutes && slot.Minute <= now)
                {
                    merged.Add(firstToken ? slot.FirstToken : slot.Latency);
                }
            }
        }

        return (merged.Percentile(quantile), merged.Count);
    }

    private static int Slot(long minute) => (int)(((minute % Minutes) + Minutes) % Minutes);
}
