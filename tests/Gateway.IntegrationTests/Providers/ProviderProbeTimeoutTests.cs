using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Providers;

/// <summary>The connectivity test's 10-second bound runs on the gateway's clock: moved on by the test, never waited for.</summary>
public sealed class ProviderProbeTimeoutTests
{
    [Fact]
    public async Task ProviderTest_UpstreamSilent_TimesOutAtTenSecondsOnTheManualClock()
    {
        // A real socket that accepts the connection and reads the request but never answers.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var clock = new ManualClock();
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            await using var gateway = await GatewayHost.StartAsync(
                new Dictionary<string, string?> { ["AI_SLOW_URL"] = $"http://127.0.0.1:{port}/v1", ["AI_SLOW_KEY"] = "k", ["AI_SLOW_FAST"] = "m", ["AI_ADMIN_KEY"] = "adm-0123456789abcdef0123456789" },
                time: clock);
            var request = new HttpRequestMessage(HttpMethod.Get, "/admin/providers/slow/test");
            request.Headers.Authorization = new("Bearer", "adm-0123456789abcdef0123456789");
            var probe = gateway.Client.ExchangeAsync(request);

            using var accepted = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var read = await accepted.GetStream().ReadAsync(new byte[4096]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(read > 0);

            clock.Advance(TimeSpan.FromSeconds(9.9));
            Assert.False(probe.IsCompleted);
            clock.Advance(TimeSpan.FromSeconds(0.1));
            var (response, body) = await probe.WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = JsonDocument.Parse(body).RootElement;
            Assert.Equal((false, "timeout", 10_000d), (result.GetProperty("ok").GetBoolean(), result.GetProperty("error_class").GetString(), result.GetProperty("latency_ms").GetDouble()));
        }
        finally
        {
            silent.Stop();
        }
    }
}
