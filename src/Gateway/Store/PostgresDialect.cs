using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Gateway.Store;

/// <summary>
/// PostgreSQL for replicas: one pooled data source. Connection failures (server down, refused, timed out) count as
/// "unavailable": the gateway then routes on its last table and the admin API answers 503 until the server is back.
/// </summary>
internal sealed class PostgresDialect : StoreDialect
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString, TimeSpan timeout)
    {
        _source = NpgsqlDataSource.Create(Settings(connectionString, timeout));
    }

    /// <summary>
    /// The connection settings: the store's timeout, the application name, and GSS session encryption off unless the
    /// connection string asks for it. Npgsql 10 tries GSS encryption first by default, which needs Kerberos' native
    /// library: the .NET runtime images leave it out, and there the attempt failed the gateway's start in a container
    /// (<c>Cannot load library libgssapi_krb5.so.2</c>) as soon as PostgreSQL answered.
    /// </summary>
    internal static NpgsqlConnectionStringBuilder Settings(string connectionString, TimeSpan timeout)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var asksForGss = given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("GssEncryptionMode", StringComparison.OrdinalIgnoreCase));
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            ApplicationName = "gateway",
        };
        if (!asksForGss)
        {
            builder.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        return builder;
    }

    public override string Name => "postgresql";

    public override string? MigrationLock => "SELECT pg_advisory_xact_lock(734512001);";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override string Ddl(StoreMigration migration) => migration.Postgres;

    public override object Time(DateTimeOffset? value) => value is { } time ? time.UtcDateTime : DBNull.Value;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsUnavailable(Exception exception) => exception switch
    {
        // Connection failures (08), shutdown and crash (57P), and a database that answers before it is ready: its tables
        // not made yet (42P01: up before this process's migration, as when compose starts both at once) or the
        // database itself not created yet (3D000). Each is an outage to wait out, not a request to fail with a 500.
        PostgresException e => e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidCatalogName,
        NpgsqlException => true,
        SocketException or TimeoutException or IOException => true,
        _ => false,
    };

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
