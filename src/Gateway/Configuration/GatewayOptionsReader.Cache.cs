using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

internal sealed partial class GatewayOptionsReader
{
    private CacheOptions ReadCache(IConfigurationSection section, RedisOptions redis)
    {
        var defaults = new CacheOptions();
        var store = (Blank(section["Store"]) ?? defaults.Store).ToLowerInvariant();
        if (store is not (CacheOptions.MemoryStore or CacheOptions.RedisStore))
        {
            Error(section, "Store", $"unknown cache store '{store}'; use memory or redis");
            store = defaults.Store;
        }
        else if (store == CacheOptions.RedisStore && redis.ConnectionString is null)
        {
            Error(section, "Store", "the redis cache store needs Gateway:Redis:ConnectionString (AI_REDIS_URL)");
            store = defaults.Store;
        }

        var pace = ReadDouble(section, "ReplayPace", defaults.ReplayPace);
        if (!(pace is >= 0 and <= 1))
        {
            Error(section, "ReplayPace", "must be a number from 0 (no delay) to 1 (the original timing)");
            pace = defaults.ReplayPace;
        }

        var hitCost = ReadDouble(section, "HitCost", defaults.HitCost);
        if (!(hitCost is >= 0 and <= 1))
        {
            Error(section, "HitCost", "must be a number from 0 (free) to 1 (the original answer's cost)");
            hitCost = defaults.HitCost;
        }

        return new CacheOptions
        {
            Enabled = ReadBool(section, "Enabled", defaults.Enabled),
            Owners = ReadList(section, "Owners"),
            Keys = ReadList(section, "Keys"),
            Store = store,
            MaxBytes = ReadInt(section, "MaxMegabytes", (int)(defaults.MaxBytes / (1024 * 1024)), min: 1, max: 1024 * 1024) * 1024L * 1024,
            MaxEntryBytes = ReadInt(section, "MaxEntryKilobytes", defaults.MaxEntryBytes / 1024, min: 1, max: 256 * 1024) * 1024,
            TimeToLive = ReadSeconds(section, "TimeToLiveSeconds", defaults.TimeToLive),
            ReplayPace = pace,
            HitCost = hitCost,
        };
    }
}
