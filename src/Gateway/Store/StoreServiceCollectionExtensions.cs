using Gateway.Configuration;
using Gateway.Providers;
using Gateway.Redis;
using Gateway.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Store;

/// <summary>Registers the control-data store, its encryption, the managed-provider source, its manager and the OpenRouter key client (the provider APIs: AddEndpoints, AddAdmin).</summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddStore(this IServiceCollection services, GatewayOptions options)
    {
        var store = options.Store;
        services.AddSingleton<StoreDialect>(_ => store.IsPostgres
            ? new PostgresDialect(store.ConnectionString!, store.CommandTimeout)
            : new SqliteDialect(store.DataDirectory, store.CommandTimeout));
        services.AddSingleton<ControlStore>();
        services.AddSingleton(new SecretCipher(store.EncryptionKeys));
        services.AddSingleton(sp =>
        {
            // Loaded before the first routing table is built, so a restart serves its managed providers at once. A wrong
            // encryption key stops start-up here; a PostgreSQL that does not answer does not (the watcher loads it later,
            // and meanwhile keys not in configuration are refused: fail closed).
            // The SQLite file is this process's own: one that cannot be opened (corrupt, wrong permissions, a folder that
            // cannot be written) stops start-up naming the file and the setting, rather than running without a store.
            if (sp.GetRequiredService<StoreDialect>() is SqliteDialect sqlite)
            {
                SqliteStoreCheck.EnsureOpens(sp.GetRequiredService<ControlStore>(), sqlite);
            }

            var source = ActivatorUtilities.CreateInstance<ManagedProviderSource>(sp);
            source.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            return source;
        });
        services.AddSingleton<IProviderSource>(sp => sp.GetRequiredService<ManagedProviderSource>());
        services.AddSingleton(sp => new StoreChanges(
            sp.GetRequiredService<ManagedProviderSource>(), sp.GetRequiredService<RoutingTableSource>(), options,
            sp.GetRequiredService<ILogger<StoreChanges>>(), sp.GetService<SharedRedis>()));
        services.AddSingleton(sp => new StoreWatcher(
            sp.GetRequiredService<ManagedProviderSource>(), sp.GetRequiredService<ControlStore>(), sp.GetRequiredService<StoreChanges>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StoreWatcher>>(), sp.GetService<SharedRedis>()));
        services.AddHostedService(sp => sp.GetRequiredService<StoreWatcher>());
        services.AddSingleton<ProviderManager>();
        services.AddSingleton<OpenRouterKeyClient>();
        return services;
    }
}
