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

    /// <summary><c>Gateway:Selection:Tiers</c>: <c>smart</c> and <c>fast</c>, each a registered strategy name.</summary>
    private Dictionary<string, string> ReadTierStrategies(IConfigurationSection section)
    {
        var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            var tier = child.Key.Trim().ToLowerInvariant();
            var strategy = Blank(child.Value)?.ToLowerInvariant();
            if (tier is not ("smart" or "fast"))
            {
                Error(section, child.Key, "unknown tier; use smart or fast");
            }
            else if (strategy is null || !registry.Strategies.Contains(strategy, StringComparer.Ordinal))
            {
                Error(section, child.Key, $"unknown strategy '{strategy}'; use one of: {string.Join(", ", registry.Strategies)}");
            }
            else
            {
                tiers[tier] = strategy;
            }
        }

        return tiers;
    }

    /// <summary>
    /// Per-key selection settings: <c>Gateway:Selection:Keys:&lt;key id&gt;</c> objects (any key, managed ones included),
    /// and <c>strategy</c> / <c>chooseStrategy</c> on the objects of <c>Gateway:ClientKeys</c> (keyed by their key's id).
    /// </summary>
    private Dictionary<string, KeySelectionOptions> ReadKeySelections(IConfigurationSection keys, IConfigurationSection clientKeys)
    {
        var selections = new Dictionary<string, KeySelectionOptions>(StringComparer.Ordinal);
        foreach (var child in keys.GetChildren())
        {
            if (ReadKeySelection(child, "Strategy", "ChooseStrategy") is { } selection)
            {
                selections[child.Key.Trim().ToLowerInvariant()] = selection;
            }
        }

        foreach (var child in clientKeys.GetChildren().Where(c => c.Value is null && Blank(c["Key"]) is not null))
        {
            if (ReadKeySelection(child, "Strategy", "ChooseStrategy") is { } selection)
            {
                selections[Convert.ToHexStringLower(KeyHash.Of(Blank(child["Key"])!))[..12]] = selection;
            }
        }

        return selections;
    }

    private KeySelectionOptions? ReadKeySelection(IConfigurationSection section, string strategyKey, string chooseKey)
    {
        var strategy = Blank(section[strategyKey])?.ToLowerInvariant();
        if (strategy is not null && !registry.Strategies.Contains(strategy, StringComparer.Ordinal))
        {
            Error(section, strategyKey, $"unknown strategy '{strategy}'; use one of: {string.Join(", ", registry.Strategies)}");
            strategy = null;
        }

        bool? mayChoose = Blank(section[chooseKey]) is null ? null : ReadBool(section, chooseKey, true);
        return strategy is null && mayChoose is null ? null : new KeySelectionOptions { Strategy = strategy, MayChoose = mayChoose };
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
