using System.Diagnostics;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>The real gateway process under SIGTERM: the stream in flight completes, new requests are refused, the process exits within the drain timeout.</summary>
// Alone: it asserts the process exits within its drain timeout.
[Collection(AloneCollection.Name)]
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_DrainsTheStreamInFlight_RefusesNewRequests_AndExitsInTime()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("slow");
        upstream.Default = new FakeResponse { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(150) };
        await using var gateway = StartGateway(upstream, drainSeconds: 10);
        var client = gateway.Client;
        await gateway.WaitUntilUpAsync();

        using var response = await client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        var received = new StringBuilder((await stream.ReadLineAsync())!);
        Assert.StartsWith("data:", received.ToString(), StringComparison.Ordinal);

        var stopwatch = Stopwatch.StartNew();
        await SigtermAsync(gateway.Process);

        // A new connection after SIGTERM is refused (the listener is closed).
        await Task.Delay(300);
        using var fresh = new HttpClient { BaseAddress = client.BaseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.SendAsync(Http.Chat()));

        // The stream in flight still runs to its end.
        received.Append(await stream.ReadToEndAsync());
        Assert.Contains("token19", received.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", received.ToString().TrimEnd(), StringComparison.Ordinal);

        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        await gateway.Process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, gateway.Process.ExitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(12), $"exited after {stopwatch.Elapsed}");
        Assert.Contains("draining 1 in flight", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainTimeout_CutsAStreamThatWouldRunLonger()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("endless");
        upstream.Default = new FakeResponse { Chunks = 1000, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        await using var gateway = StartGateway(upstream, drainSeconds: 1);
        await gateway.WaitUntilUpAsync();
        using var response = await gateway.Client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        await stream.ReadLineAsync();

        var stopwatch = Stopwatch.StartNew();
        await SigtermAsync(gateway.Process);

        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await gateway.Process.WaitForExitAsync(exit.Token);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"exited after {stopwatch.Elapsed}");

        // The upstream request was cancelled with the client's stream.
        for (var i = 0; i < 100 && upstream.AbortedCount == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, upstream.AbortedCount);
    }

    /// <summary>The built gateway as its own process, with one provider (the fake) and the given drain timeout.</summary>
    private static GatewayProcess StartGateway(FakeUpstreamServer upstream, int drainSeconds) => GatewayProcess.Start(new Dictionary<string, string>
    {
        ["AI_FAKE_URL"] = upstream.BaseUrl,
        ["AI_FAKE_SMART"] = "fake-model",
        ["Gateway__Shutdown__DrainTimeoutSeconds"] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>What Kubernetes sends a pod that is being stopped.</summary>
    private static async Task SigtermAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }
}
