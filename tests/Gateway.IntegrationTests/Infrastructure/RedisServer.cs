using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Testcontainers.Redis;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real single-node Redis (Debian's redis-server) in a container started by Testcontainers, from the image
/// tests/run.sh builds locally (<see cref="Image"/>), published on a free loopback port. It can be stopped and
/// started again on the same port (a fixed port binding, so clients reconnect to the address they know), and
/// <see cref="CliAsync"/> runs redis-cli inside it. A test class shares one through <see cref="RedisFixture"/>.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The image tests/run.sh builds from tests/images/redis (overridable for another engine).</summary>
    public static readonly string Image = PrepareEnvironment();

    private readonly RedisContainer _container;

    private RedisServer(int port, RedisContainer container) => (Port, _container) = (port, container);

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Starts a server; <paramref name="arguments"/> are added to redis-server's command line (e.g. <c>--requirepass</c>).</summary>
    public static async Task<RedisServer> StartAsync(params string[] arguments)
    {
        var port = Ports.Free();
        var container = new RedisBuilder(Image)
            .WithPortBinding(port, 6379)
            .WithCommand(["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no", .. arguments])
            .Build();
        var server = new RedisServer(port, container);
        try
        {
            await container.StartAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await container.DisposeAsync();
            throw new InvalidOperationException(
                $"No Redis container ({Image}) could be started: tests/run.sh starts the Docker engine and builds the image (see docs/testing.md, \"The Docker engine in tests\"). {e.GetType().Name}: {e.Message}",
                e);
        }

        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>Starts the server's container again (after <see cref="StopAsync"/>) on the same port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        await _container.StartAsync();
        await WaitUntilListeningAsync();
    }

    /// <summary>Stops the server (its container: connections drop, the port refuses) until <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() => _container.StopAsync();

    /// <summary>Runs redis-cli inside the container and returns what it printed (standard output, then standard error).</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        var result = await _container.ExecAsync(["redis-cli", .. arguments]);
        return result.Stdout + result.Stderr;
    }

    /// <summary>Removes every key.</summary>
    public Task<string> FlushAsync() => CliAsync("FLUSHALL");

    /// <summary>A fresh start for the next test of a class that shares the server: no keys, command statistics at zero.</summary>
    public async Task ResetAsync()
    {
        await FlushAsync();
        await CliAsync("CONFIG", "RESETSTAT");
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private async Task WaitUntilListeningAsync()
    {
        // Testcontainers waited for redis-cli PING inside the container; this waits for the published port (docker-proxy).
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

        throw new InvalidOperationException($"the Redis container did not listen on 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// What Testcontainers needs against Debian's engine on these machines, unless set already (tests/run.sh exports
    /// the same): API 1.41, no reaper container (its image would come from a registry; every container here is
    /// disposed by its test), mapped ports read on 127.0.0.1. Runs before any Testcontainers type is touched.
    /// </summary>
    private static string PrepareEnvironment()
    {
        Default("DOCKER_API_VERSION", "1.41");
        Default("TESTCONTAINERS_RYUK_DISABLED", "true");
        Default("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
        return System.Environment.GetEnvironmentVariable("GATEWAY_TEST_REDIS_IMAGE") is { Length: > 0 } image ? image : "gateway-test/redis";
    }

    private static void Default(string name, string value)
    {
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(name)))
        {
            System.Environment.SetEnvironmentVariable(name, value);
        }
    }
}
