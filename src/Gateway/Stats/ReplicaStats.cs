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

    /// <summary>Every provider with attempts in the last hour, by name.</summary>
    public IReadOnlyList<ProviderHourStats> LastHour()
    {
        var now = Minute(time.GetUtcNow());
        return [.. _providers.Select(p => p.Value.Read(p.Key, now)).OfType<ProviderHourStats>().OrderBy(p => p.Provider, StringComparer.Ordinal)];
    }

    /// <summary>The window of <paramref name="provider"/>, if it has one (for tests of its bounds).</summary>
    public ProviderStatsWindow? Window(string provider) => _providers.GetValueOrDefault(provider);

    private static long Minute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
