using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A one-node Redis Cluster that owns every hash slot, as a redis-server process (Debian package) on a free loopback
/// port: Redis then refuses (CROSSSLOT) a script whose keys are not all in one slot, as a real cluster does. A cluster
/// node announces its own address to clients, so it runs on the host, like <see cref="RedisCluster"/>, not in a
/// container. Its nodes.conf lives in a temporary folder deleted on dispose.
/// </summary>
internal sealed class RedisClusterNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisClusterNode(int port, Process process, string directory) => (Port, _process, _directory) = (port, process, directory);

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisClusterNode> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gateway-redis-node-").FullName;
        var port = Ports.Free();
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("redis-server", ["--port", portText, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(directory, "nodes.conf"), "--dir", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new RedisClusterNode(port, process, directory);
        await node.WaitUntilListeningAsync();
        await RedisCli.RunAsync(["-p", portText, "cluster", "addslotsrange", "0", "16383"]);
        for (var i = 0; i < 200 && !(await RedisCli.RunAsync(["-p", portText, "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal); i++)
        {
            await Task.Delay(25);
        }

        return node;
    }

    private async Task WaitUntilListeningAsync()
    {
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

    /// <summary>Stops the node (by its process) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
