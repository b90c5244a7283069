using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Accounts.Limits;

/// <summary>One script call: the settles of one hash tag, each counter named once in KEYS and pointed to by index.</summary>
internal sealed partial class RedisSettleQueue
{
    private async Task SendAsync((Reservation Reservation, long Tokens, long MicroUsd)[] settles)
    {
        var tag = settles[0].Reservation.Tag;
        var keys = new List<RedisKey>(8) { tag + ":pending", tag + ":held" };
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var args = new List<RedisValue>(1 + (settles.Length * 26)) { settles.Length };
        foreach (var (reservation, tokens, microUsd) in settles)
        {
            args.Add(reservation.Id);
            args.Add(reservation.Lines.Count);
            foreach (var line in reservation.Lines)
            {
                if (!index.TryGetValue(line.Counter, out var at))
                {
                    keys.Add(line.Counter);
                    index[line.Counter] = at = keys.Count;
                }

                args.Add(at);
                args.Add(line.Amount);
                args.Add(reservation.Actual(line, tokens, microUsd));
                args.Add(line.Reset.ToUnixTimeMilliseconds());
            }
        }

        if (redis.PrefixedDatabase is not { } database)
        {
            Log.BatchFailed(logger, settles.Length, "no connection");
            return;
        }

        try
        {
            Interlocked.Increment(ref _calls);
            await database.EvaluateInOneSlotAsync(RedisLimitScripts.SettleBatch, [.. keys], [.. args]).WaitAsync(redis.Timeout, time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.BatchFailed(logger, settles.Length, e.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SettleBatchFailed, Level = LogLevel.Warning, Message = "Limits: a batch of {Count} settles did not reach Redis ({Error}); their holds lapse at their TTL, the ledger has the use")]
        public static partial void BatchFailed(ILogger logger, int count, string error);
    }
}
