using System.Globalization;
using Gateway.Contracts;
using Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>Reading the merged state back, defensively: whatever is in Redis, a bad value is skipped with a warning.</summary>
internal sealed partial class RedisHealthStore
{
    private void Adopt(ProviderHealthState state, RedisResult[] row, DateTimeOffset now)
    {
        if (row.Length == 2 && (string?)row[0] == "ERR")
        {
            WarnOnce(state.Provider, $"the key {HealthKey(state.Provider)} is not a hash ({LogText.Safe((string?)row[1], 64)})");
            return;
        }

        var values = new double[8];
        for (var i = 0; i < values.Length; i++)
        {
            if (row.Length < 13 || !double.TryParse((string?)row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]) || values[i] < 0)
            {
                WarnOnce(state.Provider, $"field {i} of {HealthKey(state.Provider)} does not parse");
                return;
            }
        }

        if ((string?)row[12] is { } bad && bad != "0")
        {
            WarnOnce(state.Provider, $"{LogText.Safe(bad, 64)} field(s) of {HealthKey(state.Provider)} did not parse and were reset");
        }

        var shared = new SharedHealth(values[0], values[1], values[2], values[3], values[4], values[5], (long)values[6], (long)values[7]);
        var circuit = ParseCircuit(row);
        lock (state.Gate)
        {
            state.AdoptShared(shared, now);
            state.ProbeNeedsGrant = true;
            if (circuit is { } c)
            {
                state.AdoptCircuit(c.State, c.OpenUntil, c.Cooldown, c.ChangedAt, now);
            }
        }
    }

    private static (CircuitState State, DateTimeOffset OpenUntil, TimeSpan Cooldown, DateTimeOffset ChangedAt)? ParseCircuit(RedisResult[] row)
    {
        return CircuitMessage.TryDecode((string?)row[8] ?? "", out var state)
            && CircuitMessage.TryParseTimes((string?)row[9], (string?)row[10], (string?)row[11], out var openUntil, out var cooldown, out var changedAt)
            ? (state, openUntil, cooldown, changedAt)
            : null;
    }

    private void Degrade(string reason)
    {
        foreach (var state in _local.States)
        {
            lock (state.Gate)
            {
                state.MarkLocal();
                state.ProbeNeedsGrant = false;
            }
        }

        if (!_status.Degraded || _status.Reason == "not connected yet")
        {
            Log.Degraded(_logger, reason);
        }

        _status = new HealthStoreStatus("redis", Degraded: true, Reason: reason + "; serving from local state");
    }

    private void WarnOnce(string provider, string problem)
    {
        lock (_warnedKeys)
        {
            if (!_warnedKeys.Add(provider + problem))
            {
                return;
            }
        }

        // The problem quotes what Redis answered.
        Log.BadData(_logger, provider, LogText.Safe(problem, 512));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SharedHealthDegraded, Level = LogLevel.Warning, Message = "Shared health store degraded: {Reason}. Serving from local state until Redis is back.")]
        public static partial void Degraded(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.SharedHealthSharing, Level = LogLevel.Information, Message = "Sharing provider health through Redis")]
        public static partial void Sharing(ILogger logger);

        [LoggerMessage(EventId = EventIds.SharedHealthBadData, Level = LogLevel.Warning, Message = "Ignoring bad health data in Redis for {Provider}: {Problem}")]
        public static partial void BadData(ILogger logger, string provider, string problem);

        [LoggerMessage(EventId = EventIds.CircuitPublished, Level = LogLevel.Information, Message = "Circuit of {Provider} is now {State}; published to the other replicas")]
        public static partial void CircuitPublished(ILogger logger, string provider, string state);

        [LoggerMessage(EventId = EventIds.CircuitAdopted, Level = LogLevel.Information, Message = "Circuit of {Provider} is now {State}, as replica {Replica} saw")]
        public static partial void CircuitAdopted(ILogger logger, string provider, string state, string replica);

        [LoggerMessage(EventId = EventIds.CircuitPublishFailed, Level = LogLevel.Debug, Message = "Circuit transition of {Provider} not published ({Error}); the next flush carries it")]
        public static partial void PublishFailed(ILogger logger, string provider, string error);
    }
}
