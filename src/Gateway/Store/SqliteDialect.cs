using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gateway.Store;

/// <summary>
/// The embedded store: one SQLite file in the data folder, the folder created 0700 and the file 0600 before SQLite
/// opens it (its WAL and shared-memory files inherit the file's mode). WAL mode, so readers never wait on a writer;
/// <c>secure_delete</c>, so a deleted ciphertext is overwritten rather than left in a free page.
/// </summary>
internal sealed class SqliteDialect(string directory, TimeSpan timeout) : StoreDialect
{
    public const string FileName = "gateway.db";

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(directory, FileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
    }.ToString();

    public override string Name => "sqlite";

    public string DatabasePath => Path.Combine(directory, FileName);

    private volatile bool _prepared;

    public override void Prepare()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, FolderMode);
        try
        {
            File.SetUnixFileMode(directory, FolderMode);
        }
        catch (UnauthorizedAccessException)
        {
            // A folder someone else made (a volume's root): the file's own 0600 still holds.
        }

        if (!File.Exists(DatabasePath))
        {
            try
            {
                using var created = new FileStream(DatabasePath, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
            }
            catch (IOException) when (File.Exists(DatabasePath))
            {
                // Another process sharing this folder (a replica started at the same moment) created it first: the same store.
            }
        }

        File.SetUnixFileMode(DatabasePath, FileMode);
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_prepared)
        {
            // Here rather than at start-up: a folder that cannot be created (a read-only root filesystem) makes the
            // store unavailable, reported like a database that is down, instead of stopping the gateway.
            Prepare();
            _prepared = true;
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override string Ddl(StoreMigration migration) => migration.Sqlite;

    public override object Time(DateTimeOffset? value) =>
        value is { } time ? time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : DBNull.Value;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } e && e.Message.Contains("UNIQUE", StringComparison.Ordinal);

    public override bool IsUnavailable(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 13 or 14 } or UnauthorizedAccessException or IOException;

    public override async Task ScrubAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
