namespace Gateway.Accounts.Limits;

/// <summary>
/// The Lua scripts of the shared limit counters. Every key of one script carries the caller's hash tag (one slot).
/// A reservation is remembered in a hash (id: <c>"counter amount counter amount ..."</c>) and a sorted set by when it
/// lapses; each reservation first gives back up to 32 lapsed ones (a crashed replica's), so holds never outlive their TTL
/// by more than the next request. Those counters are named from the hash, not KEYS, but share the tag, hence the slot.
/// A counter's expiry (its window's end) is set only when the script creates it: one command less per line.
/// </summary>
internal static class RedisLimitScripts
{
    /// <summary>The start of a script that needs the time: <c>now</c>, in unix ms on Redis's own clock, so replicas' clocks never disagree.</summary>
    private const string RedisNow = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        """;

    /// <summary>
    /// KEYS: pending set, reservation hash, one marker per scope, one counter per line. ARGV: now (unix ms), reservation
    /// id, lapse time (unix ms), scope count, line count, then per line: limit, amount, counter expiry (unix ms).
    /// Returns <c>{-1, scope index}</c> (not loaded), <c>{0, line index, value}</c> (refused) or <c>{1, values...}</c>.
    /// </summary>
    public const string Reserve = """
        local now = tonumber(ARGV[1])
        local s = tonumber(ARGV[4])
        local n = tonumber(ARGV[5])
        local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 32)
        for _, id in ipairs(lapsed) do
          local held = redis.call('HGET', KEYS[2], id)
          if held then
            for key, amount in string.gmatch(held, '(%S+) (%S+)') do
              if redis.call('EXISTS', key) == 1 then redis.call('DECRBY', key, amount) end
            end
            redis.call('HDEL', KEYS[2], id)
          end
          redis.call('ZREM', KEYS[1], id)
        end
        for i = 1, s do
          if redis.call('EXISTS', KEYS[2 + i]) == 0 then return {-1, i} end
        end
        for i = 1, n do
          local base = 5 + (i - 1) * 3
          local v = tonumber(redis.call('GET', KEYS[2 + s + i]) or '0') or 0
          if v + tonumber(ARGV[base + 2]) > tonumber(ARGV[base + 1]) then return {0, i, v} end
        end
        local result = {1}
        local held = {}
        for i = 1, n do
          local base = 5 + (i - 1) * 3
          local key = KEYS[2 + s + i]
          local v = redis.call('INCRBY', key, ARGV[base + 2])
          result[i + 1] = v
          if v == tonumber(ARGV[base + 2]) then redis.call('PEXPIREAT', key, ARGV[base + 3]) end
          held[#held + 1] = key .. ' ' .. ARGV[base + 2]
        end
        redis.call('HSET', KEYS[2], ARGV[2], table.concat(held, ' '))
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
        redis.call('PEXPIREAT', KEYS[1], ARGV[3])
        redis.call('PEXPIREAT', KEYS[2], ARGV[3])
        return result
        """;

    /// <summary>
    /// Settles a batch of reservations of one hash tag. KEYS: pending set, reservation hash, settled set, then each
    /// counter the batch touches, once. ARGV: reservation count, how long a settled mark is kept (ms), then per
    /// reservation: id, line count, then per line: counter's KEYS index, reserved, actual, counter expiry (unix ms). An
    /// open reservation is replaced by its actual amounts; a lapsed one (given back already) has them added in full; one
    /// marked settled (the same batch sent again after its reply was lost) adds nothing. Marks lapse on Redis's clock.
    /// The deltas are summed per counter: one INCRBY each. Returns how many were still open.
    /// </summary>
    public const string SettleBatch = RedisNow + """
        local kept = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
        local a = 3
        local open = 0
        local sums = {}
        local expiry = {}
        for r = 1, tonumber(ARGV[1]) do
          local id = ARGV[a]
          local n = tonumber(ARGV[a + 1])
          a = a + 2
          if redis.call('ZADD', KEYS[3], 'NX', now + kept, id) == 0 then
            a = a + 4 * n
          else
            local held = redis.call('HDEL', KEYS[2], id) == 1
            redis.call('ZREM', KEYS[1], id)
            if held then open = open + 1 end
            for i = 1, n do
              local k = tonumber(ARGV[a])
              local delta = tonumber(ARGV[a + 2])
              if held then delta = delta - tonumber(ARGV[a + 1]) end
              sums[k] = (sums[k] or 0) + delta
              expiry[k] = ARGV[a + 3]
              a = a + 4
            end
          end
        end
        redis.call('PEXPIRE', KEYS[3], kept)
        for k, delta in pairs(sums) do
          if delta ~= 0 and redis.call('INCRBY', KEYS[k], delta) == delta then redis.call('PEXPIREAT', KEYS[k], expiry[k]) end
        end
        return open
        """;

    /// <summary>
    /// KEYS: the scope's marker, then its counters. ARGV: marker expiry (unix ms), then per counter: value, expiry
    /// (unix ms). Sets the counters from the ledger only while the marker is missing (a flush or a first sight).
    /// </summary>
    public const string Load = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        for i = 2, #KEYS do
          redis.call('SET', KEYS[i], ARGV[(i - 2) * 2 + 2], 'PXAT', ARGV[(i - 2) * 2 + 3])
        end
        redis.call('SET', KEYS[1], '1', 'PXAT', ARGV[1])
        return 1
        """;

    /// <summary>
    /// A replica's heartbeat. KEYS: live set, epoch, acknowledgements. ARGV: unused, replica id, lapse (ms), a new epoch
    /// id (used when Redis has none: a first start, a restart, a flush), the epoch this replica has written its ledger
    /// for (or empty). Time is Redis's own, so replicas' clocks never disagree on who is live. Returns
    /// <c>{live replicas, epoch, live replicas that acknowledged it}</c>.
    /// </summary>
    public const string Heartbeat = RedisNow + """
        redis.call('ZADD', KEYS[1], now, ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        local epoch = redis.call('GET', KEYS[2])
        if not epoch then
          epoch = ARGV[4]
          redis.call('SET', KEYS[2], epoch)
          redis.call('DEL', KEYS[3])
        end
        if ARGV[5] == epoch then redis.call('HSET', KEYS[3], ARGV[2], epoch) end
        local live = redis.call('ZRANGE', KEYS[1], 0, -1)
        local acked = 0
        for _, id in ipairs(live) do
          if redis.call('HGET', KEYS[3], id) == epoch then acked = acked + 1 end
        end
        if redis.call('HLEN', KEYS[3]) > 2 * #live + 16 then
          for _, id in ipairs(redis.call('HKEYS', KEYS[3])) do
            if not redis.call('ZSCORE', KEYS[1], id) then redis.call('HDEL', KEYS[3], id) end
          end
        end
        return {#live, epoch, acked}
        """;

    /// <summary>
    /// What a replica admitted while Redis was unreachable, added when it answers again with its state intact. KEYS: the
    /// tag's set of debts taken, then per counter, its scope's marker then the counter. ARGV: the debt's id, how long a
    /// taken id is kept (ms), then per counter, the amount and its expiry (unix ms). A debt whose id was taken (a call
    /// sent again after its reply was lost) adds nothing; ids lapse on Redis's clock. A counter whose scope is not loaded
    /// is skipped: it will be rebuilt from the ledger, which has that use. Returns 1 if added, 0 if taken before.
    /// </summary>
    public const string AddOutage = RedisNow + """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZADD', KEYS[1], 'NX', now + tonumber(ARGV[2]), ARGV[1]) == 0 then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        for i = 1, (#KEYS - 1) / 2 do
          if redis.call('EXISTS', KEYS[2 * i]) == 1 then
            local amount = tonumber(ARGV[2 * i + 1])
            if redis.call('INCRBY', KEYS[2 * i + 1], amount) == amount then redis.call('PEXPIREAT', KEYS[2 * i + 1], ARGV[2 * i + 2]) end
          end
        end
        return 1
        """;
}
