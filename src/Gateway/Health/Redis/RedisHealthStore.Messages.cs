using System.Collections.Frozen;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>
/// Circuit messages from the channel. Anyone who can publish there can send anything, so only providers
/// configured here are touched: a message about any other name is counted, logged rarely, and dropped.
/// </summary>
internal sealed partial class RedisHealthStore
{
    private volatile FrozenSet<string> _providers = FrozenSet<string>.Empty;
    private long _unknownProviderMessages;

    /// <summary>Circuit messages dropped because they named a provider not configured here.</summary>
    public long UnknownProviderMessages => Interlocked.Read(ref _unknownProviderMessages);

    /// <summary>
    /// Sets the providers this replica shares health for (the configured, enabled ones). Only these are merged
    /// and only these may be changed by a message; a later call replaces the set (live configuration).
    /// </summary>
    public void ReplaceProviders(IEnumerable<string> names)
    {
        var providers = names.ToFrozenSet(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            _local.State(provider);
        }

        _providers = providers;
    }

    private bool IsConfigured(string provider) => _providers.Contains(provider);

    private void OnCircuitMessage(RedisChannel channel, RedisValue value)
    {
        if (!CircuitMessage.TryParse(value, out var message) || message.Replica == _replica)
        {
            return;
        }

        if (!IsConfigured(message.Provider))
        {
            // Logged at the 1st, 10th, 100th... so a flood costs a few lines, not one per message.
            var count = Interlocked.Increment(ref _unknownProviderMessages);
            if (IsPowerOfTen(count))
            {
                Log.UnknownProvider(_logger, count, Telemetry.LogText.Safe(message.Provider, 64) ?? "", Telemetry.LogText.Safe(message.Replica, 64) ?? "");
            }

            return;
        }

        var now = _time.GetUtcNow();
        if (ProviderHealthState.IsTooFarAhead(message.ChangedAt, now))
        {
            WarnOnce(message.Provider, "a circuit message dated in the future was ignored");
            return;
        }

        var state = _local.State(message.Provider);
        bool adopted;
        lock (state.Gate)
        {
            adopted = state.AdoptCircuit(message.State, message.OpenUntil, message.Cooldown, message.ChangedAt, now);
        }

        if (adopted)
        {
            Log.CircuitAdopted(_logger, message.Provider, CircuitMessage.Encode(message.State), Telemetry.LogText.Safe(message.Replica, 64) ?? "");
        }
    }

    private static bool IsPowerOfTen(long count)
    {
        while (count >= 10 && count % 10 == 0)
        {
            count /= 10;
        }

        return count == 1;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SharedHealthUnknownProvider, Level = LogLevel.Warning, Message = "Ignored {Count} circuit message(s) about providers not configured here (latest: {Provider}, from replica {Replica})")]
        public static partial void UnknownProvider(ILogger logger, long count, string provider, string replica);
    }
}
