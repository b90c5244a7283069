using System.Collections.Concurrent;

namespace Gateway.Stats;

/// <summary>
/// This replica's last hour of attempts per provider, for the console's Health page: per-minute slots of fixed-size
/// histograms (<see cref="ProviderStatsWindow"/>), read on the injected clock. Held in memory only, so each replica
/// sees its own traffic; the shared health store keeps the scores and circuits.
/// </summary>
internal sealed class ReplicaStats(TimeProvider time)
{
    /// <summary>How long a p95 read by <see cref="RecentP95"/> is reused before the window is merged again.</summary>
    private static readonly TimeSpan P95Refresh = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, ProviderStatsWindow> _providers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Provider, bool FirstToken), (long At, TimeSpan? P95, long Samples)> _p95 = new();

    public void Record(string provider, in AttemptSample sample) =>
        _providers.GetOrAdd(provider, static _ => new ProviderStatsWindow()).Add(Minute(time.GetUtcNow()), in sample);

    /// <summary>Every provider with attempts in the last hour, by name. A provider without any (deleted, renamed, idle) is dropped.</summary>
    public IReadOnlyList<ProviderHourStats> LastHour()
    {
        var now = Minute(time.GetUtcNow());
        var hour = new List<ProviderHourStats>(_providers.Count);
        foreach (var (provider, window) in _providers)
        {
            if (window.Read(provider, now) is { } stats)
            {
                hour.Add(stats);
            }
            else
            {
                // Only this window instance: an attempt recorded at this moment may land in the dropped one, a loss of
                // one sample for a provider idle for an hour, against windows of deleted providers kept for ever.
                _providers.TryRemove(KeyValuePair.Create(provider, window));
                _p95.TryRemove((provider, true), out _);
                _p95.TryRemove((provider, false), out _);
            }
        }

        return [.. hour.OrderBy(p => p.Provider, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The provider's p95 time to first token (<paramref name="firstToken"/>) or latency over this replica's last hour,
    /// when at least <paramref name="minSamples"/> attempts measured it; else null. Merged again at most every 10 s, so the
    /// request path reads a cached value.
    /// </summary>
    public TimeSpan? RecentP95(string provider, bool firstToken, int minSamples)
    {
        var now = time.GetTimestamp();
        if (!_p95.TryGetValue((provider, firstToken), out var cached) || time.GetElapsedTime(cached.At, now) >= P95Refresh)
        {
            var (ms, samples) = _providers.TryGetValue(provider, out var window) ? window.Percentile(Minute(time.GetUtcNow()), firstToken, 0.95) : (null, 0);
            cached = (now, ms is { } value ? TimeSpan.FromMilliseconds(value) : null, samples);
            _p95[(provider, firstToken)] = cached;
        }

        return cached.Samples >= minSamples ? cached.P95 : null;
    }

    /// <summary>Providers with a window (for tests of the bounds).</summary>
    public int ProviderCount => _providers.Count;

    /// <summary>The window of <paramref name="provider"/>, if it has one (for tests of its bounds).</summary>
    public ProviderStatsWindow? Window(string provider) => _providers.GetValueOrDefault(provider);

    private static long Minute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
