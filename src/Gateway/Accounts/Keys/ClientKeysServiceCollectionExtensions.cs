using System.Globalization;
using Gateway.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Accounts.Keys;

/// <summary>Registers managed client keys: the in-memory registry (also the key limits and model allow-list), the manager, and the last-used flusher (the admin API: AddAdmin).</summary>
internal static class ClientKeysServiceCollectionExtensions
{
    public static IServiceCollection AddClientKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway:Keys");
        var defaults = new ClientKeysOptions();
        services.AddSingleton(new ClientKeysOptions
        {
            RotationGrace = Seconds(section, "RotationGraceSeconds", ClientKeysOptions.MaxRotationGrace) ?? defaults.RotationGrace,
            LastUsedFlushInterval = Seconds(section, "LastUsedFlushSeconds", TimeSpan.FromHours(1)) is { } flush && flush > TimeSpan.Zero ? flush : defaults.LastUsedFlushInterval,
        });
        services.AddSingleton(sp =>
        {
            // After the store version (whose start-up migrates the store): a restart accepts its keys at once. A store that
            // does not answer leaves the registry not loaded (the gateway fails closed) until the watcher's first load.
            var registry = ActivatorUtilities.CreateInstance<ClientKeyRegistry>(sp);
            registry.LoadAtStartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return registry;
        });
        // TryAdd: a host (a test) may bring its own key limits.
        services.TryAddSingleton<IKeyLimits>(sp => sp.GetRequiredService<ClientKeyRegistry>());
        services.AddSingleton<IModelAllowList>(sp => sp.GetRequiredService<ClientKeyRegistry>());
        services.AddSingleton<ClientKeyManager>();
        services.AddSingleton<LastUsedFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<LastUsedFlusher>());
        return services;
    }

    private static TimeSpan? Seconds(IConfigurationSection section, string name, TimeSpan max)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > max.TotalSeconds)
        {
            throw new Configuration.GatewayConfigurationException($"Gateway:Keys:{name} must be a number of seconds from 0 to {max.TotalSeconds:0}; got '{text}'.");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
