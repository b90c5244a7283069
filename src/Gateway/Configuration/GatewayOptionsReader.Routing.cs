using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The routing sections beside selection: <c>Gateway:Queue</c>, <c>Gateway:Affinity</c> and <c>Gateway:Probes</c>.</summary>
internal sealed partial class GatewayOptionsReader
{
    private QueueOptions ReadQueue(IConfigurationSection section)
    {
        var defaults = new QueueOptions();
        return new QueueOptions
        {
            MaxWait = ReadSecondsOrOff(section, "MaxWaitSeconds", defaults.MaxWait),
            MaxLength = ReadInt(section, "MaxLength", defaults.MaxLength, min: 1, max: 1_000_000),
        };
    }

    private AffinityOptions ReadAffinity(IConfigurationSection section)
    {
        var defaults = new AffinityOptions();
        return new AffinityOptions
        {
            Enabled = ReadBool(section, "Enabled", defaults.Enabled),
            Ttl = ReadSeconds(section, "TtlSeconds", defaults.Ttl),
            PrefixBytes = ReadInt(section, "PrefixBytes", defaults.PrefixBytes, min: 64, max: 1024 * 1024),
            MaxEntries = ReadInt(section, "MaxEntries", defaults.MaxEntries, min: 1, max: 10_000_000),
        };
    }

    private ProbeOptions ReadProbes(IConfigurationSection section)
    {
        var defaults = new ProbeOptions();
        return new ProbeOptions
        {
            Interval = ReadSecondsOrOff(section, "IntervalSeconds", defaults.Interval),
            IdleAfter = ReadSeconds(section, "IdleSeconds", defaults.IdleAfter),
            Timeout = ReadSeconds(section, "TimeoutSeconds", defaults.Timeout),
        };
    }

    /// <summary>Seconds where 0 means off: a number from 0 to 86400.</summary>
    private TimeSpan ReadSecondsOrOff(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var raw = Blank(section[key]);
        if (raw is null)
        {
            return fallback;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds >= 0) || seconds > 86_400)
        {
            Error(section, key, $"'{raw}' is not a number of seconds from 0 (off) to 86400");
            return fallback;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
