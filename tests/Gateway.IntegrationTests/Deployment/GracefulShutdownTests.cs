using System.Diagnostics;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>The real gateway process under SIGTERM: the stream in flight completes, new requests are refused, the process exits within the drain timeout.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_DrainsTheStreamInFlight_RefusesNewRequests_AndExitsInTime()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("slow");
        upstream.Default = new FakeResponse { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(150) };
        var log = new StringBuilder();
        var (gateway, port) = StartGateway(upstream, drainSeconds: 10, log);
        using var process = gateway;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilUpAsync(client);

            using var response = await client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
            var received = new StringBuilder((await stream.ReadLineAsync())!);
            Assert.StartsWith("data:", received.ToString(), StringComparison.Ordinal);

            var stopwatch = Stopwatch.StartNew();
            await SigtermAsync(gateway);

            // A new connection after SIGTERM is refused (the listener is closed).
            await Task.Delay(300);
            using var fresh = new HttpClient { BaseAddress = client.BaseAddress };
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.SendAsync(Http.Chat()));

            // The stream in flight still runs to its end.
            received.Append(await stream.ReadToEndAsync());
            Assert.Contains("token19", received.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("data: [DONE]", received.ToString().TrimEnd(), StringComparison.Ordinal);

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(12));
            await gateway.WaitForExitAsync(exit.Token);
            Assert.Equal(0, gateway.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(12), $"exited after {stopwatch.Elapsed}");
            lock (log)
            {
                Assert.Contains("draining 1 in flight", log.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill();
            }
        }
    }

    [Fact]
    public async Task DrainTimeout_CutsAStreamThatWouldRunLonger()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("endless");
        upstream.Default = new FakeResponse { Chunks = 1000, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        var (gateway, port) = StartGateway(upstream, drainSeconds: 1, new StringBuilder());
        using var process = gateway;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilUpAsync(client);
            using var response = await client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
            await stream.ReadLineAsync();

            var stopwatch = Stopwatch.StartNew();
            await SigtermAsync(gateway);

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await gateway.WaitForExitAsync(exit.Token);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"exited after {stopwatch.Elapsed}");

            // The upstream request was cancelled with the client's stream.
            for (var i = 0; i < 100 && upstream.AbortedCount == 0; i++)
            {
                await Task.Delay(20);
            }

            Assert.Equal(1, upstream.AbortedCount);
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill();
            }
        }
    }

    /// <summary>The built gateway as its own process, with one provider (the fake) and the given drain timeout.</summary>
    private static (Process Gateway, int Port) StartGateway(FakeUpstreamServer upstream, int drainSeconds, StringBuilder log)
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["AI_FAKE_URL"] = upstream.BaseUrl;
        start.Environment["AI_FAKE_SMART"] = "fake-model";
        start.Environment["Gateway__Shutdown__DrainTimeoutSeconds"] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gateway = Process.Start(start)!;
        gateway.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        return (gateway, port);
    }

    /// <summary>What Kubernetes sends a pod that is being stopped.</summary>
    private static async Task SigtermAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    private static async Task WaitUntilUpAsync(HttpClient client)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the gateway did not start");
    }
}
