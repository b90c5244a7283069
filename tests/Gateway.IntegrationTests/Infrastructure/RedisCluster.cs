using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real three-master Redis Cluster on loopback, owned by the test: one <c>redis-server --cluster-enabled yes</c>
/// per node on a free port P (at most 55535, with the cluster bus port P + 10000 free too), joined by
/// <c>redis-cli --cluster create</c>. Its nodes.conf and log files live in a temporary folder, which
/// <see cref="DisposeAsync"/> deletes after stopping the nodes it started, by process.
/// </summary>
internal sealed class RedisCluster : IAsyncDisposable
{
    private readonly List<(Process Process, int Port)> _nodes = [];

    private RedisCluster(string directory) => Directory = directory;

    /// <summary>Where the nodes keep their nodes.conf and logs (deleted on dispose).</summary>
    public string Directory { get; }

    public IReadOnlyList<int> Ports => [.. _nodes.Select(n => n.Port)];

    /// <summary>Every node, as a StackExchange.Redis configuration string.</summary>
    public string AllNodes => string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"));

    public string Url(int node) => $"redis://127.0.0.1:{Ports[node]}";

    public static async Task<RedisCluster> StartAsync(int nodes = 3)
    {
        var cluster = new RedisCluster(System.IO.Directory.CreateTempSubdirectory("gateway-redis-cluster-").FullName);
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                await cluster.StartNodeAsync();
            }

            await RedisCli.RunAsync(["--cluster", "create", .. cluster.Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]);
            var clock = Stopwatch.StartNew();
            while (!await cluster.IsOkAsync())
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the cluster did not reach cluster_state:ok within 20 s");
                await Task.Delay(50);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node (index into <see cref="Ports"/>) that serves <paramref name="slot"/>, as node 0 reports it.</summary>
    public async Task<int> NodeOwningAsync(int slot)
    {
        foreach (var line in (await RedisCli.RunAsync(["-p", Port(0), "cluster", "nodes"])).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var port = int.Parse(fields[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture);
            foreach (var range in fields.Skip(8).Select(r => r.Split('-')))
            {
                if (int.TryParse(range[0], CultureInfo.InvariantCulture, out var first) && slot >= first && slot <= int.Parse(range[^1], CultureInfo.InvariantCulture))
                {
                    return Ports.ToList().IndexOf(port);
                }
            }
        }

        throw new InvalidOperationException($"no node serves slot {slot}");
    }

    public Task<string> CliAsync(int node, params string[] command) => RedisCli.RunAsync(["-p", Port(node), .. command]);

    private string Port(int node) => Ports[node].ToString(CultureInfo.InvariantCulture);

    private async Task<bool> IsOkAsync()
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (!(await CliAsync(i, "cluster", "info")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Starts one node on a free port pair; another process may take the port first, so it tries a few.</summary>
    private async Task StartNodeAsync()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var port = Infrastructure.Ports.FreeWithBusPort();
            var p = port.ToString(CultureInfo.InvariantCulture);
            var start = new ProcessStartInfo("redis-server", ["--port", p, "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-config-file", Path.Combine(Directory, $"nodes-{p}.conf"), "--dir", Directory, "--logfile", Path.Combine(Directory, $"node-{p}.log"),
                "--save", "", "--appendonly", "no"]);
            var node = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
            if (await ListensAsync(node, port))
            {
                _nodes.Add((node, port));
                return;
            }

            await StopAsync(node);
        }

        throw new InvalidOperationException("no redis-server cluster node started after 10 ports");
    }

    private static async Task<bool> ListensAsync(Process node, int port)
    {
        var clock = Stopwatch.StartNew();
        while (!node.HasExited && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        return false;
    }

    private static async Task StopAsync(Process node)
    {
        if (!node.HasExited)
        {
            node.Kill();
            await node.WaitForExitAsync();
        }

        node.Dispose();
    }

    /// <summary>Stops the nodes this cluster started (by their process) and deletes their folder with every nodes.conf in it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (node, _) in _nodes)
        {
            await StopAsync(node);
        }

        _nodes.Clear();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
