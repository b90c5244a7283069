using System.Collections.Concurrent;

namespace Gateway.Stats;

/// <summary>
/// This replica's last hour of attempts per provider, for the console's Health page: per-minute slots of fixed-size
/// histograms (<see cref="ProviderStatsWindow"/>), read on the injected clock. Held in memory only, so each replica
/// sees its own traffic; the shared health store keeps the scores and circuits.
/// </summary>
internal sealed class ReplicaStats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ProviderStatsWindow> _providers = new(StringComparer.Ordinal);

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
            }
        }

        return [.. hour.OrderBy(p => p.Provider, StringComparer.Ordinal)];
    }

    /// <summary>Providers with a window (for tests of the bounds).</summary>
    public int ProviderCount => _providers.Count;

    /// <summary>The window of <paramref name="provider"/>, if it has one (for tests of its bounds).</summary>
    public ProviderStatsWindow? Window(string provider) => _providers.GetValueOrDefault(provider);

    private static long Minute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
