using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>Gateway:Metrics:Port: a separate listener on the API listener's hosts that serves /metrics only; the optional scrape token.</summary>
public sealed class MetricsListenerTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task MetricsPort_ServesOnlyMetrics_AndTheApiPortNoLongerDoes()
    {
        var port = Ports.Free();
        await using var gateway = await StartAsync(port, ("AI_ADMIN_KEY", "adm-0123456789abcdef0123456789"));
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var scrape = await MetricsText.ScrapeAsync(metrics);
        Assert.Contains("gateway_request_body_buffer_bytes", scrape.Families);
        var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/health");
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "adm-0123456789abcdef0123456789");
        foreach (var request in new[] { Http.Chat(), new HttpRequestMessage(HttpMethod.Get, "/v1/models"), admin, new HttpRequestMessage(HttpMethod.Get, "/healthz") })
        {
            var (response, body) = await metrics.ExchangeAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("unknown_url", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        }

        var (onApi, onApiBody) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
        Http.AssertOpenAIError(onApiBody);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task MetricsPort_ApiOnLoopback_MetricsOnLoopbackOnly()
    {
        var port = Ports.Free();
        await using var gateway = await StartAsync(port);

        // 127.0.0.2 is a loopback address too, but a socket bound to 127.0.0.1 does not answer it: one bound to every interface does.
        Assert.Equal(SocketError.ConnectionRefused, await ConnectAsync("127.0.0.2", port));
        Assert.Equal(SocketError.Success, await ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task MetricsHost_Configured_OverridesTheApiListenersHost()
    {
        var port = Ports.Free();
        await using var gateway = await StartWithSettingAsync(port, ("Gateway:Metrics:Host", "0.0.0.0"));
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.2:{port}") };

        Assert.Equal(HttpStatusCode.OK, (await metrics.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task MetricsPort_AlreadyInUse_StartupFails()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            await Assert.ThrowsAnyAsync<IOException>(() => StartAsync(port));
        }
        finally
        {
            taken.Stop();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BearerToken_Set_IsRequiredToScrape_AndNeverLogged(bool onMetricsPort)
    {
        const string Token = "scrape-token-7f3a9c";
        var port = Ports.Free();
        await using var gateway = onMetricsPort
            ? await StartAsync(port, ("AI_METRICS_TOKEN", Token))
            : await StartWithSettingAsync(0, ("Gateway:Metrics:BearerToken", Token));
        using var metrics = onMetricsPort ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") } : null;
        var client = metrics ?? gateway.Client;

        foreach (var presented in new[] { null, "wrong-token", Token + "x" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = presented is null ? null : new AuthenticationHeaderValue("Bearer", presented);
            var (response, body) = await client.ExchangeAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_metrics_token", Http.AssertOpenAIError(body).GetProperty("code").GetString());
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var (ok, text) = await client.ExchangeAsync(scrape);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("# TYPE gateway_", text, StringComparison.Ordinal);
        Assert.NotEmpty(gateway.Logs.Lines);
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.Contains("scrape-token", StringComparison.Ordinal));
    }

    private Task<GatewayHost> StartAsync(int metricsPort, params (string Key, string Value)[] environment) => StartAsync(metricsPort, environment, []);

    private Task<GatewayHost> StartWithSettingAsync(int metricsPort, (string Key, string Value) setting) => StartAsync(metricsPort, [], [setting]);

    private Task<GatewayHost> StartAsync(int metricsPort, (string Key, string Value)[] environment, (string Key, string Value)[] settings)
    {
        var all = settings.Append(("Gateway:Metrics:Port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(("Logging:LogLevel:Default", "Trace"))
            .ToDictionary(s => s.Item1, s => (string?)s.Item2);
        return GatewayHost.StartAsync(_upstreams.Environment(environment), all);
    }

    private static async Task<SocketError> ConnectAsync(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address), port);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
