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
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            ApplicationName = "gateway",
        };
        _source = NpgsqlDataSource.Create(builder);
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
        PostgresException e => e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        SocketException or TimeoutException or IOException => true,
        _ => false,
    };

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
