namespace Gateway.Health.Redis;

/// <summary>
/// The Lua scripts of the shared health store. Each runs atomically in Redis, so concurrent flushes from
/// several replicas never lose counts. Numbers travel as strings (Lua would truncate them to integers).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Merge one replica's batches: for each provider hash (KEYS[i]) decay the stored counts from their time
    /// <c>t</c> to now (ARGV[1], unix ms) with the half-life (ARGV[2], ms), add the batch (8 values per key
    /// from ARGV[5]), and return the merged values and circuit fields. A field that does not parse counts as
    /// zero and is repaired; a key of the wrong type is reported and left alone. ARGV[3] is the key TTL (ms).
    /// A stored time later than now plus the clock skew (ARGV[4], ms) is bad data that would stop decay or win
    /// over every transition: the decay time is reset to now and the circuit fields are removed.
    /// </summary>
    public const string Merge = """
        local now = tonumber(ARGV[1])
        local halfLife = tonumber(ARGV[2])
        local ttl = tonumber(ARGV[3])
        local latest = now + tonumber(ARGV[4])
        local result = {}
        local function num(v) return string.format('%.17g', v) end
        for i, key in ipairs(KEYS) do
          local ok, h = pcall(redis.call, 'HMGET', key, 's', 'f', 'ls', 'lc', 'ts', 'tc', 't', 'req', 'err', 'cs', 'cu', 'cd', 'cc')
          if not ok then
            result[i] = {'ERR', tostring(h)}
          else
            local bad = 0
            local function field(j)
              if h[j] == false then return 0 end
              local v = tonumber(h[j])
              if v == nil or v ~= v then bad = bad + 1; return 0 end
              return v
            end
            local t = field(7)
            if t > latest then bad = bad + 1; t = now end
            if t == 0 then t = now end
            local cc = tonumber(h[13])
            if cc ~= nil and cc > latest then
              bad = bad + 1
              redis.call('HDEL', key, 'cs', 'cu', 'cd', 'cc')
              h[10], h[11], h[12], h[13] = false, false, false, false
            end
            local at = now
            if t > now then at = t end
            local k = 1
            if now > t then k = math.pow(0.5, (now - t) / halfLife) end
            local b = 4 + (i - 1) * 8
            local s = field(1) * k + tonumber(ARGV[b + 1])
            local f = field(2) * k + tonumber(ARGV[b + 2])
            local ls = field(3) * k + tonumber(ARGV[b + 3])
            local lc = field(4) * k + tonumber(ARGV[b + 4])
            local ts = field(5) * k + tonumber(ARGV[b + 5])
            local tc = field(6) * k + tonumber(ARGV[b + 6])
            local req = field(8) + tonumber(ARGV[b + 7])
            local err = field(9) + tonumber(ARGV[b + 8])
            redis.call('HSET', key, 's', num(s), 'f', num(f), 'ls', num(ls), 'lc', num(lc), 'ts', num(ts), 'tc', num(tc), 't', num(at), 'req', num(req), 'err', num(err))
            redis.call('PEXPIRE', key, ttl)
            result[i] = {num(s), num(f), num(ls), num(lc), num(ts), num(tc), num(req), num(err), h[10] or '', h[11] or '', h[12] or '', h[13] or '', tostring(bad)}
          end
        end
        return result
        """;

    /// <summary>
    /// Record a circuit transition (KEYS[1] the provider hash; ARGV: state, open-until ms, cooldown ms, changed-at
    /// ms, channel, message, latest believable time ms) unless a newer one is already stored, and publish it to
    /// every replica. A stored time beyond the latest believable one is bad data and is overwritten.
    /// </summary>
    public const string Transition = """
        local ok, current = pcall(redis.call, 'HGET', KEYS[1], 'cc')
        if not ok then return -1 end
        local stored = tonumber(current) or 0
        if stored > tonumber(ARGV[7]) then stored = 0 end
        if stored >= tonumber(ARGV[4]) then return 0 end
        redis.call('HSET', KEYS[1], 'cs', ARGV[1], 'cu', ARGV[2], 'cd', ARGV[3], 'cc', ARGV[4])
        redis.call('PUBLISH', ARGV[5], ARGV[6])
        return 1
        """;

    /// <summary>
    /// Take the probe lock (KEYS[1]) for this replica (ARGV[1]) for ARGV[2] ms. A lock that no replica sets, one
    /// without a TTL or with more than ARGV[3] ms (a few lock TTLs) left, would block probing for ever or for
    /// long: it is taken over. Returns 1 when taken, 2 when taken over, 0 when another replica holds it.
    /// </summary>
    public const string Acquire = """
        local ttl = tonumber(ARGV[2])
        if redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl, 'NX') then return 1 end
        local left = redis.call('PTTL', KEYS[1])
        if left == -1 or left > tonumber(ARGV[3]) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
          return 2
        end
        return 0
        """;

    /// <summary>Release a probe lock (KEYS[1]) only if this replica (ARGV[1]) holds it.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
