using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL (Debian's, /usr/lib/postgresql/*/bin) on a free loopback port in a temporary folder, run
/// as the postgres user (initdb refuses root), trust authentication, nothing touching a system service. It can be
/// stopped and started again on the same port (outage tests); it is stopped by its PID and its folder deleted at the end.
/// Tests create a database each (<see cref="CreateDatabaseAsync"/>). tests/run.sh installs postgresql when missing.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;
    private int _databases;

    private PostgresServer(string directory, string bin, int port) => (_directory, _bin, Port) = (directory, bin, port);

    public int Port { get; }

    /// <summary>The server's data folder (tests look into its files).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string for <paramref name="database"/> (the server's own <c>postgres</c> by default).</summary>
    public string ConnectionString(string database = "postgres") => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(Directory.Exists)
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql; tests/run.sh does it)");
        var directory = Directory.CreateTempSubdirectory("gateway-pg-").FullName;
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }

        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(directory, bin, Ports.Free());
            if (attempt == 1)
            {
                await server.AsPostgresAsync("initdb", ["-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
            }

            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The free port was taken between choosing it and the server binding it (CI runs image builds and other
                // servers alongside): another port. Any other failure fails again and is reported on the third try.
            }
        }
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"gw_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl", ["-D", Path.Combine(_directory, "data"), "-w", "-t", "30", "-l", Path.Combine(_directory, "log"),
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start"]);

    /// <summary>Stops the server by its PID (as an outage would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var pid = int.Parse((await File.ReadAllLinesAsync(pidFile))[0], CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        await RunAsync("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
        await postmaster.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string tool, string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
