using Gateway.Configuration;

namespace Gateway.ManagedProviders;

/// <summary>
/// Turns a managed provider's row (with its key decrypted) into the <see cref="ProviderOptions"/> routing reads, as
/// configuration does for a configured one. Pure: the type's defaults come from the registry, the timeouts' from the
/// gateway's options.
/// </summary>
internal static class ManagedProviderOptions
{
    /// <summary>The routing name of a managed provider: its type and the first 12 hex digits of its id (<c>openai-3f2a9c...</c>).</summary>
    public static string NameOf(ManagedProviderRecord record) => $"{record.Provider}-{record.Id.Replace("-", "", StringComparison.Ordinal)[..12]}";

    public static bool TryCreate(ManagedProviderRecord record, string? key, GatewayRegistry registry, TimeoutOptions defaults, out ProviderOptions options, out string? problem)
    {
        options = null!;
        if (!registry.TryGetType(record.Provider, out var type))
        {
            problem = $"unknown provider type '{record.Provider}'";
            return false;
        }

        if (!ProviderConfigJson.TryRead(record.ProviderConfig, out var config, out problem) || !ProviderConfigJson.TryReadModels(record.SupportedModels, out var supported, out problem))
        {
            return false;
        }

        var url = config.BaseUrl ?? (type.DefaultUrl is { } fallback ? new Uri(fallback) : null);
        if (url is null)
        {
            problem = $"a {type.Name} provider needs providerConfig.baseUrl";
            return false;
        }

        if (type.KeyRequired && key is null)
        {
            problem = $"a {type.Name} provider needs an API key";
            return false;
        }

        options = new ProviderOptions
        {
            Name = NameOf(record),
            Type = type.Name,
            Url = url,
            Key = key,
            Smart = config.Smart,
            Fast = config.Fast,
            Enabled = record.IsActive, // a used-up usage limit is filtered per request (ProviderUsageFilter), not by a rebuild
            UsageLimit = record.UsageLimit,
            Weight = config.Weight,
            Priority = config.Priority,
            Models = [.. supported.Concat(config.Models).Distinct(StringComparer.Ordinal)],
            CostMultiplier = config.CostMultiplier,
            ContextWindow = config.ContextWindow,
            DefaultMaxTokens = config.MaxTokens ?? 4096,
            ApiVersion = config.ApiVersion ?? type.DefaultApiVersion,
            MaxInFlight = config.MaxInFlight,
            Continuation = type.Continuation,
            Timeouts = new TimeoutOptions
            {
                ResponseHeaders = Seconds(config, "headersSeconds", defaults.ResponseHeaders),
                FirstToken = Seconds(config, "firstTokenSeconds", defaults.FirstToken),
                Idle = Seconds(config, "idleSeconds", defaults.Idle),
                Total = Seconds(config, "totalSeconds", defaults.Total),
            },
            Owner = record.Owner,
            ManagedId = record.Id,
            IsDefault = record.IsDefault,
            PublicNetworkOnly = !config.AllowPrivateNetwork,
        };
        return true;
    }

    private static TimeSpan Seconds(ProviderConfigJson config, string name, TimeSpan fallback) =>
        config.TimeoutSeconds.TryGetValue(name, out var seconds) ? TimeSpan.FromSeconds(seconds) : fallback;
}
