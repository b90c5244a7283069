using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real redis-server (Debian package) on a free loopback port, owned by the test: it can be stopped and
/// restarted on the same port. Needs redis-server on PATH (tests/run.sh installs it).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string[] _arguments;
    private Process? _process;
    private string? _directory;

    private RedisServer(int port, string[] arguments) => (Port, _arguments) = (port, arguments);

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Starts a server; <paramref name="arguments"/> are added to its command line (e.g. <c>--requirepass</c>).</summary>
    public static async Task<RedisServer> StartAsync(params string[] arguments)
    {
        var server = new RedisServer(Ports.Free(), arguments);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>
    /// A one-node Redis Cluster that owns every hash slot: Redis then refuses (CROSSSLOT) a script whose keys
    /// are not all in one slot, as a real cluster does. Its nodes.conf lives in a temporary folder deleted on dispose.
    /// </summary>
    public static async Task<RedisServer> StartClusterNodeAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gateway-redis-node-").FullName;
        var server = new RedisServer(Ports.Free(), ["--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(directory, "nodes.conf"), "--dir", directory]) { _directory = directory };
        await server.StartAgainAsync();
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RedisCli.RunAsync(["-p", port, "cluster", "addslotsrange", "0", "16383"]);
        for (var i = 0; i < 200 && !(await RedisCli.RunAsync(["-p", port, "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal); i++)
        {
            await Task.Delay(25);
        }

        return server;
    }

    /// <summary>Starts redis-server on this port (again, after <see cref="StopAsync"/>) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", .. _arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Port}");
    }

    /// <summary>Kills the server (as a crash would) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open and nothing answers, as in a network partition.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Lets a paused server run again (SIGCONT), with its data.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Stops the server and deletes its temporary folder, if it has one.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
