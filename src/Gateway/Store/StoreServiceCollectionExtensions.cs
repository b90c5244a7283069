using Gateway.Accounts;
using Gateway.Accounts.Keys;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.ProviderUsage;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Store;

/// <summary>
/// Registers the control-data store: the session over the configured database, its migrations (run when the store
/// version is first resolved, before anything reads the store), the store version with its watcher, the secret
/// cipher, and each repository as the interface its capability owns (Accounts, ManagedProviders, Contracts). Beside
/// Store's classes, the only place that names them (Hosting calls AddStore).
/// </summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddStore(this IServiceCollection services, GatewayOptions options)
    {
        var store = options.Store;
        services.AddSingleton<StoreDialect>(_ => store.IsPostgres
            ? new PostgresDialect(store.ConnectionString!, store.CommandTimeout)
            : new SqliteDialect(store.DataDirectory, store.CommandTimeout));
        services.AddSingleton<StoreSession>();
        services.AddSingleton<IStoreStatus>(sp => sp.GetRequiredService<StoreSession>());
        services.AddSingleton<StoreMigrator>();
        services.AddSingleton(sp =>
        {
            // Migrated and read before anything subscribes, so a restart serves its managed providers and keys at once. A
            // wrong encryption key stops start-up when the managed providers load; a SQLite file that cannot be opened
            // stops it here; a PostgreSQL that does not answer does not (the watcher migrates and loads later, and
            // meanwhile keys not in configuration are refused: fail closed).
            var version = new StoreVersion(sp.GetRequiredService<StoreSession>(), options, sp.GetRequiredService<ILogger<StoreVersion>>(), sp.GetService<SharedRedis>());
            sp.GetRequiredService<StoreMigrator>().MigrateAtStart(version);
            return version;
        });
        services.AddSingleton<IStoreVersion>(sp => sp.GetRequiredService<StoreVersion>());
        services.AddSingleton(sp => new StoreWatcher(
            sp.GetRequiredService<StoreVersion>(), sp.GetRequiredService<StoreMigrator>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StoreWatcher>>(), sp.GetService<SharedRedis>()));
        services.AddHostedService(sp => sp.GetRequiredService<StoreWatcher>());
        services.AddSingleton(new SecretCipher(store.EncryptionKeys));
        services.AddSingleton<IProviderSecrets>(sp => sp.GetRequiredService<SecretCipher>());

        services.AddSingleton<IManagedProviderStore, ProviderRepository>();
        services.AddSingleton<IOAuthStateStore, OAuthStateRepository>();
        services.AddSingleton<IClientKeyStore, ClientKeyRepository>();
        services.AddSingleton<ILedgerStore, LedgerRepository>();
        services.AddSingleton<IProviderTokenTotals, ProviderUsageRepository>();
        services.AddSingleton<IOwnerLimitStore, OwnerLimitRepository>();
        services.AddSingleton<IAuditLog, AuditRepository>();
        return services;
    }
}
