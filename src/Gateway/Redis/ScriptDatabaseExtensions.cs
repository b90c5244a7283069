using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>How every Redis-backed part runs a Lua script: only with keys that lie in one hash slot.</summary>
internal static class ScriptDatabaseExtensions
{
    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="keys"/>, after checking that they share one hash slot.
    /// A Redis Cluster refuses (CROSSSLOT) a script whose keys do not; checking here makes such a mistake fail
    /// every test, also those against a single server.
    /// </summary>
    public static Task<RedisResult> EvaluateInOneSlotAsync(this IDatabase database, string script, RedisKey[] keys, RedisValue[] args)
    {
        if (!RedisHashSlot.AllInOne([.. keys.Select(k => (string)k!)]))
        {
            throw new InvalidOperationException($"A Redis script was given {keys.Length} keys in more than one hash slot; give them one hash tag");
        }

        return database.ScriptEvaluateAsync(script, keys, args);
    }
}
