using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>
/// Reads and validates <see cref="GatewayOptions"/> from configuration. Every problem is collected and
/// reported at once, each naming the setting (the <c>AI_*</c> variable when that is where it came from).
/// </summary>
internal sealed partial class GatewayOptionsReader(IConfiguration configuration, SettingOrigins origins, GatewayRegistry registry)
{
    public const string SectionName = "Gateway";

    /// <summary>The records' own defaults: a setting left out takes them, so each default is written once, in its record.</summary>
    private static readonly GatewayOptions GatewayDefaults = new();

    private static readonly ProviderOptions ProviderDefaults = new() { Name = "", Type = "", Url = new Uri("http://127.0.0.1/") };

    private readonly List<string> _errors = [];

    /// <summary>Reads the options or throws <see cref="GatewayConfigurationException"/> listing every problem.</summary>
    public GatewayOptions Read()
    {
        var section = configuration.GetSection(SectionName);
        var rotation = (section["Rotation"] ?? GatewayOptions.DefaultRotation).Trim().ToLowerInvariant();
        if (!registry.Strategies.Contains(rotation))
        {
            Error(section, "Rotation", $"unknown rotation '{rotation}'; use one of: {string.Join(", ", registry.Strategies)}");
        }

        var defaults = ReadTimeouts(section.GetSection("Timeouts"), new TimeoutOptions());
        var (clientKeys, clientKeyOwners) = ReadClientKeys(section);
        var metrics = ReadMetrics(section.GetSection("Metrics"));
        var retry = ReadRetry(section.GetSection("Retry"));
        var redis = ReadRedis(section.GetSection("Redis"));
        var options = new GatewayOptions
        {
            Rotation = rotation,
            RetryFailed = ReadBool(section, "RetryFailed", GatewayDefaults.RetryFailed),
            MaxRetries = ReadInt(section, "MaxRetries", GatewayDefaults.MaxRetries, min: 0, max: 20),
            MaxRequestBodyBytes = ReadInt(section, "MaxRequestBodyBytes", (int)GatewayDefaults.MaxRequestBodyBytes, min: 1024, max: 256 * 1024 * 1024),
            Aliases = ReadAliases(section.GetSection("Aliases")),
            ClientKeys = clientKeys,
            ClientKeyOwners = clientKeyOwners,
            Store = ReadStore(section.GetSection("Store"), section.GetSection("OpenRouter")),
            Timeouts = defaults,
            Health = ReadHealth(section.GetSection("Health")),
            Retry = retry,
            Streams = ReadStreams(section.GetSection("Streams")),
            Redis = redis,
            Prices = ReadPrices(section.GetSection("Prices")),
            ContextWindows = section.GetSection("ContextWindows").GetChildren()
                .ToDictionary(c => c.Key, c => ReadInt(section.GetSection("ContextWindows"), c.Key, 0, min: 1, max: 100_000_000), StringComparer.Ordinal),
            ModelDiscovery = new ModelDiscoveryOptions
            {
                Enabled = ReadBool(section.GetSection("ModelDiscovery"), "Enabled", false),
                Refresh = ReadSeconds(section.GetSection("ModelDiscovery"), "RefreshSeconds", TimeSpan.FromMinutes(10)),
            },
            Metrics = metrics,
            Console = ReadConsole(section.GetSection("Console"), metrics),
            AdminKey = ReadAdminKey(section),
            Limits = ReadLimits(section.GetSection("Limits")),
            Responses = ReadResponses(section.GetSection("Responses")),
            Outbound = ReadOutbound(section.GetSection("Outbound")),
            Selection = ReadSelection(section.GetSection("Selection"), section.GetSection("ClientKeys")),
            Queue = ReadQueue(section.GetSection("Queue")),
            Affinity = ReadAffinity(section.GetSection("Affinity")),
            Probes = ReadProbes(section.GetSection("Probes")),
            Cache = ReadCache(section.GetSection("Cache"), redis),
            Translation = new TranslationOptions { Strict = ReadBool(section.GetSection("Translation"), "Strict", false) },
            DrainTimeout = ReadSeconds(section.GetSection("Shutdown"), "DrainTimeoutSeconds", TimeSpan.FromSeconds(30)),
            Providers = [.. section.GetSection("Providers").GetChildren()
                .Select(p => ReadProvider(p, defaults, retry.Hedge))
                .OfType<ProviderOptions>()
                .OrderBy(p => p.Name, StringComparer.Ordinal)],
        };

        if (_errors.Count > 0)
        {
            throw new GatewayConfigurationException(_errors);
        }

        return options;
    }

    private ProviderOptions? ReadProvider(IConfigurationSection section, TimeoutOptions defaults, HedgeOptions hedge)
    {
        var name = section.Key.Trim().ToLowerInvariant();
        if (!ProviderNamePattern().IsMatch(name))
        {
            Error(section, "", $"provider name '{section.Key}' must be letters, digits, '-' or '_'");
            return null;
        }

        var type = registry.InferType(name);
        var typeName = section["Type"];
        if (!string.IsNullOrWhiteSpace(typeName) && !registry.TryGetType(typeName.Trim(), out type))
        {
            Error(section, "Type", $"unknown provider type '{typeName}'; use one of: {registry.TypeNames}");
            return null;
        }

        var enabled = ReadBool(section, "Enabled", ProviderDefaults.Enabled);
        var key = Blank(section["Key"]);
        if (enabled && type.KeyRequired && key is null)
        {
            Error(section, "Key", $"provider '{name}' of type {type.Name} needs an API key (or set it disabled)");
        }

        var url = ReadUrl(section, type);
        var weight = ReadDouble(section, "Weight", ProviderDefaults.Weight);
        if (!(weight > 0) || double.IsInfinity(weight))
        {
            Error(section, "Weight", $"weight must be a positive number, not '{section["Weight"]}'");
        }

        return url is null ? null : new ProviderOptions
        {
            Name = name,
            Type = type.Name,
            Url = url,
            Key = key,
            Smart = Blank(section["Smart"]),
            Fast = Blank(section["Fast"]),
            Enabled = enabled,
            Weight = weight,
            CostMultiplier = ReadNonNegative(section, "CostMultiplier", ProviderDefaults.CostMultiplier),
            DefaultMaxTokens = ReadInt(section, "DefaultMaxTokens", ProviderDefaults.DefaultMaxTokens, min: 1, max: 1_000_000),
            MaxInFlight = ReadInt(section, "MaxInFlight", ProviderDefaults.MaxInFlight, min: 0, max: 1_000_000),
            ContextWindow = section["ContextWindow"] is null ? null : ReadInt(section, "ContextWindow", 0, min: 1, max: 100_000_000),
            Priority = ReadInt(section, "Priority", ProviderDefaults.Priority, min: int.MinValue, max: int.MaxValue),
            Models = ReadList(section, "Models"),
            ApiVersion = Blank(section["ApiVersion"]) ?? type.DefaultApiVersion,
            ServesResponses = ReadBool(section, "Responses", type.ServesResponses),
            Continuation = ReadBool(section, "Continuation", type.Continuation),
            Timeouts = ReadTimeouts(section.GetSection("Timeouts"), defaults),
            Hedge = section.GetSection("Hedge").Exists() ? ReadHedge(section.GetSection("Hedge"), hedge) : null,
        };
    }

    private Uri? ReadUrl(IConfigurationSection section, ProviderTypeInfo type)
    {
        var raw = Blank(section["Url"]) ?? type.DefaultUrl;
        if (raw is null)
        {
            Error(section, "Url", $"provider '{section.Key}' of type {type.Name} needs a base URL");
            return null;
        }

        if (!Uri.TryCreate(raw.TrimEnd('/'), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            Error(section, "Url", $"'{raw}' is not an absolute http(s) URL");
            return null;
        }

        return url;
    }

    private TimeoutOptions ReadTimeouts(IConfigurationSection section, TimeoutOptions defaults) => new()
    {
        ResponseHeaders = ReadSeconds(section, "ResponseHeadersSeconds", defaults.ResponseHeaders),
        FirstToken = ReadSeconds(section, "FirstTokenSeconds", defaults.FirstToken),
        Idle = ReadSeconds(section, "IdleSeconds", defaults.Idle),
        Total = ReadSeconds(section, "TotalSeconds", defaults.Total),
    };

    private HealthOptions ReadHealth(IConfigurationSection section)
    {
        var defaults = new HealthOptions();
        var health = new HealthOptions
        {
            HalfLife = ReadSeconds(section, "HalfLifeSeconds", defaults.HalfLife),
            FailureThreshold = ReadInt(section, "FailureThreshold", defaults.FailureThreshold, min: 1, max: 1000),
            OpenCooldown = ReadSeconds(section, "OpenCooldownSeconds", defaults.OpenCooldown),
            MaxCooldown = ReadSeconds(section, "MaxCooldownSeconds", defaults.MaxCooldown),
        };
        if (health.MaxCooldown < health.OpenCooldown)
        {
            Error(section, "MaxCooldownSeconds", "must be at least OpenCooldownSeconds");
        }

        return health;
    }

    private SelectionOptions ReadSelection(IConfigurationSection section, IConfigurationSection clientKeys)
    {
        var exploration = ReadDouble(section, "LatencyExploration", new SelectionOptions().LatencyExploration);
        if (!(exploration is >= 0 and <= 1))
        {
            Error(section, "LatencyExploration", "must be a number from 0 to 1");
            exploration = new SelectionOptions().LatencyExploration;
        }

        return new SelectionOptions
        {
            LatencyExploration = exploration,
            ClientsMayChoose = ReadBool(section, "ClientsMayChoose", new SelectionOptions().ClientsMayChoose),
            RecentDecisions = ReadInt(section, "RecentDecisions", new SelectionOptions().RecentDecisions, min: 0, max: 10_000),
            Keys = ReadKeySelections(section.GetSection("Keys"), clientKeys),
            Tiers = ReadTierStrategies(section.GetSection("Tiers")),
        };
    }

    private Dictionary<string, ModelPrice> ReadPrices(IConfigurationSection section)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in section.GetChildren())
        {
            prices[model.Key] = new ModelPrice(ReadNonNegative(model, "Input", 0), ReadNonNegative(model, "Output", 0))
            {
                MaxOutputTokens = model["MaxOutput"] is null ? null : ReadInt(model, "MaxOutput", 0, min: 1, max: 100_000_000),
                CachedInputPerMillion = model["CachedInput"] is null ? null : ReadNonNegative(model, "CachedInput", 0),
                CacheWritePerMillion = model["CacheWrite"] is null ? null : ReadNonNegative(model, "CacheWrite", 0),
            };
        }

        return prices;
    }

    private double ReadNonNegative(IConfigurationSection section, string key, double fallback)
    {
        var value = ReadDouble(section, key, fallback);
        if (!(value >= 0) || double.IsInfinity(value))
        {
            Error(section, key, $"must be a number of at least 0, not '{section[key]}'");
            return fallback;
        }

        return value;
    }

    /// <summary>Client keys in any form; a setting that is there but yields no key stops start-up rather than leave /v1 open.</summary>
    private (List<string> Keys, Dictionary<string, string> Owners) ReadClientKeys(IConfigurationSection section)
    {
        var (keys, owners) = ReadClientKeyOwners(section);
        if (keys.Count == 0 && IsSet(section, "ClientKeys"))
        {
            Error(section, "ClientKeys", "is set but holds no key (give keys separated by commas); refusing to start with /v1 open");
        }

        return (keys, owners);
    }

    private RedisOptions ReadRedis(IConfigurationSection section)
    {
        var defaults = new RedisOptions();
        var connection = Blank(section["ConnectionString"]);
        if (connection is not null && !RedisConnection.TryCreate(connection, defaults.Timeout, out _))
        {
            Error(section, "ConnectionString", "is not a Redis URL (redis://[:password@]host[:port][/db]) or a StackExchange.Redis configuration string");
            connection = null;
        }

        var prefix = section["KeyPrefix"] ?? defaults.KeyPrefix;
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            // Keys carry the prefix inside a hash tag ({prefix}health), which a brace would cut short.
            Error(section, "KeyPrefix", "must not contain '{' or '}' (keys carry the prefix in a Redis Cluster hash tag)");
        }

        return new RedisOptions
        {
            ConnectionString = connection,
            KeyPrefix = prefix,
            FlushInterval = ReadSeconds(section, "FlushIntervalSeconds", defaults.FlushInterval),
            Timeout = ReadSeconds(section, "TimeoutSeconds", defaults.Timeout),
            ProbeLockTtl = ReadSeconds(section, "ProbeLockTtlSeconds", defaults.ProbeLockTtl),
        };
    }

    private Dictionary<string, ModelTier> ReadAliases(IConfigurationSection section)
    {
        var aliases = new Dictionary<string, ModelTier>(StringComparer.OrdinalIgnoreCase);
        foreach (var alias in section.GetChildren())
        {
            if (Enum.TryParse<ModelTier>(alias.Value, ignoreCase: true, out var tier) && tier != ModelTier.None)
            {
                aliases[alias.Key] = tier;
            }
            else
            {
                Error(section, alias.Key, $"alias '{alias.Key}' must map to 'smart' or 'fast', not '{alias.Value}'");
            }
        }

        return aliases;
    }
}
