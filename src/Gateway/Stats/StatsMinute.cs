namespace Gateway.Stats;

/// <summary>One provider's attempts in one UTC minute: latency and time-to-first-token histograms and counts. Its owner locks.</summary>
internal sealed class StatsMinute
{
    /// <summary>Which minute this is (minutes since the Unix epoch); the slot is reused when the minute is over.</summary>
    public long Minute { get; private set; } = long.MinValue;

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram FirstToken { get; } = new();

    public long Succeeded { get; private set; }

    public long Failed { get; private set; }

    public long Failovers { get; private set; }

    /// <summary>Empties the slot for <paramref name="minute"/> if it still holds an older one.</summary>
    public void Claim(long minute)
    {
        if (Minute == minute)
        {
            return;
        }

        Minute = minute;
        Latency.Clear();
        FirstToken.Clear();
        (Succeeded, Failed, Failovers) = (0, 0, 0);
    }

    public void Add(in AttemptSample sample)
    {
        if (sample.Succeeded == true)
        {
            Succeeded++;
        }
        else if (sample.Succeeded == false)
        {
            Failed++;
        }

        if (sample.Latency is { } latency)
        {
            Latency.Add(latency.TotalMilliseconds);
        }

        if (sample.FirstToken is { } first)
        {
            FirstToken.Add(first.TotalMilliseconds);
        }

        if (sample.Failover)
        {
            Failovers++;
        }
    }
}
