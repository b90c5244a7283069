using System.Collections;

namespace Gateway.Configuration;

/// <summary>
/// Maps the <c>AI_&lt;NAME&gt;_*</c> convention, its globals and the legacy single-provider variables onto
/// <c>Gateway:*</c> configuration keys, remembering which variable each key came from so that a
/// validation error can name the variable the operator actually set.
/// </summary>
internal static class AiEnvironmentVariables
{
    private const string Prefix = "AI_";

    // Longest suffixes first so that AI_X_FIRST_TOKEN_TIMEOUT is not read as a provider "X_FIRST_TOKEN".
    private static readonly (string Suffix, string Key)[] ProviderFields =
    [
        ("_FIRST_TOKEN_TIMEOUT", "Timeouts:FirstTokenSeconds"),
        ("_MAX_IN_FLIGHT", "MaxInFlight"),
        ("_COST_MULTIPLIER", "CostMultiplier"),
        ("_CONTINUATION", "Continuation"),
        ("_MAX_TOKENS", "DefaultMaxTokens"),
        ("_CONTEXT_WINDOW", "ContextWindow"),
        ("_HEADERS_TIMEOUT", "Timeouts:ResponseHeadersSeconds"),
        ("_IDLE_TIMEOUT", "Timeouts:IdleSeconds"),
        ("_TOTAL_TIMEOUT", "Timeouts:TotalSeconds"),
        ("_API_VERSION", "ApiVersion"),
        ("_RESPONSES", "Responses"),
        ("_PRIORITY", "Priority"),
        ("_ENABLED", "Enabled"),
        ("_WEIGHT", "Weight"),
        ("_MODELS", "Models"),
        ("_SMART", "Smart"),
        ("_FAST", "Fast"),
        ("_TYPE", "Type"),
        ("_URL", "Url"),
        ("_KEY", "Key"),
    ];

    private static readonly Dictionary<string, string> Globals = new(StringComparer.Ordinal)
    {
        ["AI_ROTATION"] = "Gateway:Rotation",
        ["AI_RETRY_FAILED"] = "Gateway:RetryFailed",
        ["AI_MAX_RETRIES"] = "Gateway:MaxRetries",
        ["AI_REDIS_URL"] = "Gateway:Redis:ConnectionString",
        ["AI_DATABASE_URL"] = "Gateway:Store:ConnectionString",
        ["AI_ADMIN_KEY"] = "Gateway:AdminKey",
        ["AI_CLIENT_KEYS"] = "Gateway:ClientKeys",
        ["AI_METRICS_TOKEN"] = "Gateway:Metrics:BearerToken",
    };

    // AI_<NAME>_* names that belong to gateway infrastructure, not to a provider.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { "REDIS", "ADMIN", "GATEWAY", "MAX", "RETRY", "CLIENT", "DATABASE" };

    private static readonly (string Variable, string Key)[] Legacy =
    [
        ("OPENAI_API_KEY", "Key"),
        ("OPENAI_BASE_URL", "Url"),
        ("SMART_LLM", "Smart"),
        ("FAST_LLM", "Fast"),
    ];

    /// <summary>Reads the process environment.</summary>
    public static SettingOrigins MapProcess(IDictionary environment, IDictionary<string, string?> into)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in environment)
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return Map((IReadOnlyDictionary<string, string?>)variables, into);
    }

    /// <summary>Maps <paramref name="variables"/> into configuration keys added to <paramref name="into"/>.</summary>
    public static SettingOrigins Map(IReadOnlyDictionary<string, string?> variables, IDictionary<string, string?> into)
    {
        var origins = new SettingOrigins();
        foreach (var (variable, value) in variables)
        {
            if (!variable.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (Globals.TryGetValue(variable, out var globalKey))
            {
                Set(into, origins, globalKey, value, variable);
                continue;
            }

            foreach (var (suffix, key) in ProviderFields)
            {
                if (variable.Length <= Prefix.Length + suffix.Length || !variable.EndsWith(suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = variable[Prefix.Length..^suffix.Length];
                if (!ReservedNames.Contains(name))
                {
                    var section = $"Gateway:Providers:{name.ToLowerInvariant()}";
                    Set(into, origins, $"{section}:{key}", value, variable);
                    origins.RecordProvider(section, $"AI_{name}_");
                }

                break;
            }
        }

        MapLegacy(variables, into, origins);

        // ANTHROPIC_API_KEY alone makes an "anthropic" provider, as OPENAI_API_KEY makes "openai".
        if (variables.TryGetValue("ANTHROPIC_API_KEY", out var anthropic) && !string.IsNullOrEmpty(anthropic) && !into.ContainsKey("Gateway:Providers:anthropic:Key"))
        {
            Set(into, origins, "Gateway:Providers:anthropic:Key", anthropic, "ANTHROPIC_API_KEY");
        }

        // REDIS_URL, the common name on hosting platforms, when AI_REDIS_URL does not say otherwise.
        if (variables.TryGetValue("REDIS_URL", out var redis) && !string.IsNullOrEmpty(redis) && !into.ContainsKey("Gateway:Redis:ConnectionString"))
        {
            Set(into, origins, "Gateway:Redis:ConnectionString", redis, "REDIS_URL");
        }

        // The encryption key of stored secrets: GATEWAY_ENCRYPTION_KEY, or the seeds' ENCRYPTION_KEY.
        foreach (var variable in (string[])["GATEWAY_ENCRYPTION_KEY", "ENCRYPTION_KEY"])
        {
            if (variables.TryGetValue(variable, out var key) && !string.IsNullOrEmpty(key) && !into.ContainsKey("Gateway:Store:EncryptionKeys"))
            {
                Set(into, origins, "Gateway:Store:EncryptionKeys", key, variable);
            }
        }

        return origins;
    }

    private static void MapLegacy(IReadOnlyDictionary<string, string?> variables, IDictionary<string, string?> into, SettingOrigins origins)
    {
        // OPENAI_API_KEY and friends become the "openai" provider unless AI_OPENAI_* already says otherwise.
        if (!variables.TryGetValue("OPENAI_API_KEY", out var legacyKey) || string.IsNullOrEmpty(legacyKey))
        {
            return;
        }

        foreach (var (variable, field) in Legacy)
        {
            var key = $"Gateway:Providers:openai:{field}";
            if (variables.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value) && !into.ContainsKey(key))
            {
                Set(into, origins, key, value, variable);
            }
        }
    }

    private static void Set(IDictionary<string, string?> into, SettingOrigins origins, string key, string? value, string variable)
    {
        into[key] = value;
        origins.Record(key, variable);
    }
}
