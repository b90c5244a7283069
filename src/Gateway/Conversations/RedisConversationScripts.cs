namespace Gateway.Conversations;

/// <summary>
/// The byte accounting of stored responses in Redis, in one script so replicas never race on it. Its keys share one
/// hash tag (<c>{&lt;prefix&gt;responses}</c>): a sorted set of every response by save time, one per owner, and a hash
/// of bytes per owner and in all (<c>*</c>). A member is <c>id\nsize\nowner</c>, so an eviction knows what it frees.
/// The responses themselves stay single keys with their time to live (Redis frees them when they expire); the script
/// sweeps the index entries of expired ones and answers the ids it evicted, which the caller deletes.
/// </summary>
internal static class RedisConversationScripts
{
    /// <summary>
    /// KEYS: the all-responses set, the bytes hash, the owner's set. ARGV: the owner-set prefix, id (empty: sweep only),
    /// owner, size, now (ms), time to live (ms), bytes per owner, bytes in all. Returns the evicted ids.
    /// </summary>
    public const string Save = """
        local all, bytes, ownerKey = KEYS[1], KEYS[2], KEYS[3]
        local prefix, id, owner = ARGV[1], ARGV[2], ARGV[3]
        local size, now, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local perOwner, total = tonumber(ARGV[7]), tonumber(ARGV[8])
        local evicted = {}
        local function drop(m)
          local i = string.find(m, '\n', 1, true)
          local j = string.find(m, '\n', i + 1, true)
          local s = tonumber(string.sub(m, i + 1, j - 1))
          local o = string.sub(m, j + 1)
          if redis.call('ZREM', all, m) == 1 then
            redis.call('ZREM', prefix .. o, m)
            if redis.call('HINCRBY', bytes, o, -s) <= 0 then redis.call('HDEL', bytes, o) end
            redis.call('HINCRBY', bytes, '*', -s)
          end
          return string.sub(m, 1, i - 1)
        end
        for _, m in ipairs(redis.call('ZRANGEBYSCORE', all, '-inf', now - ttl, 'LIMIT', 0, 512)) do drop(m) end
        if id == '' then return evicted end
        while tonumber(redis.call('HGET', bytes, owner) or '0') + size > perOwner do
          local oldest = redis.call('ZRANGE', ownerKey, 0, 0)
          if #oldest == 0 then break end
          table.insert(evicted, drop(oldest[1]))
        end
        while tonumber(redis.call('HGET', bytes, '*') or '0') + size > total do
          local oldest = redis.call('ZRANGE', all, 0, 0)
          if #oldest == 0 then break end
          table.insert(evicted, drop(oldest[1]))
        end
        local m = id .. '\n' .. size .. '\n' .. owner
        redis.call('ZADD', all, now, m)
        redis.call('ZADD', ownerKey, now, m)
        redis.call('HINCRBY', bytes, owner, size)
        redis.call('HINCRBY', bytes, '*', size)
        return evicted
        """;

    /// <summary>KEYS: the all-responses set, the bytes hash, the owner's set. ARGV: the id. Drops its entry and bytes (1), or finds none (0).</summary>
    public const string Delete = """
        local all, bytes, ownerKey = KEYS[1], KEYS[2], KEYS[3]
        local prefix = ARGV[1] .. '\n'
        for _, m in ipairs(redis.call('ZRANGE', ownerKey, 0, -1)) do
          if string.sub(m, 1, #prefix) == prefix then
            local j = string.find(m, '\n', #prefix + 1, true)
            local s = tonumber(string.sub(m, #prefix + 1, j - 1))
            local o = string.sub(m, j + 1)
            redis.call('ZREM', all, m)
            redis.call('ZREM', ownerKey, m)
            if redis.call('HINCRBY', bytes, o, -s) <= 0 then redis.call('HDEL', bytes, o) end
            redis.call('HINCRBY', bytes, '*', -s)
            return 1
          end
        end
        return 0
        """;
}
