using Gateway.Configuration;
using Gateway.Contracts;

namespace Gateway.Store;

/// <summary>
/// At start-up, before anything reads the embedded store: its file must open, read and take the migrations. A corrupt
/// file, one the gateway's user may not read or write, or a data folder that cannot be created stops start-up with
/// <see cref="GatewayConfigurationException"/> (exit code 2) naming the file and the setting, instead of an unhandled
/// exception or a gateway that runs without its keys and providers.
/// </summary>
internal static class SqliteStoreCheck
{
    public const string Setting = "Gateway:Store:DataDirectory";

    public static void EnsureOpens(StoreMigrator migrator, SqliteDialect dialect)
    {
        try
        {
            migrator.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not (GatewayConfigurationException or OperationCanceledException))
        {
            var cause = e is StoreUnavailableException { InnerException: { } inner } ? inner : e;
            throw new GatewayConfigurationException(
                $"{Setting}: the SQLite store {dialect.DatabasePath} cannot be opened ({cause.GetType().Name}: {cause.Message}). " +
                "A corrupt file: restore it from a backup, or move it away to start with an empty store. Otherwise let the gateway's user read and write " +
                $"the file and its folder, set {Setting} (Gateway__Store__DataDirectory) to a writable folder, or use PostgreSQL (AI_DATABASE_URL).", e);
        }
    }
}
