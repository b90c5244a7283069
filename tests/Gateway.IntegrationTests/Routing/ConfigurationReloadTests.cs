using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Routing;

/// <summary>The <c>GATEWAY_CONFIG</c> file edited on disk while the gateway runs: no restart.</summary>
public sealed class ConfigurationReloadTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gateway-reload-{Guid.NewGuid():N}.json");
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync()
    {
        await _upstreams.DisposeAsync();
        File.Delete(_path);
    }

    private string Provider(string name, string smart) =>
        $$"""{{JsonSerializer.Serialize(name)}}: { "Type": "custom", "Url": {{JsonSerializer.Serialize(_upstreams[name].BaseUrl)}}, "Key": "key-{{name}}", "Smart": {{JsonSerializer.Serialize(smart)}} }""";

    private void Write(params string[] providers) =>
        File.WriteAllText(_path, $$"""{ "Gateway": { "Providers": { {{string.Join(", ", providers)}} } } }""");

    private Task<GatewayHost> StartAsync()
    {
        var env = _upstreams.Environment().Where(p => p.Key.StartsWith("AI_A_", StringComparison.Ordinal)).ToDictionary();
        return GatewayHost.StartAsync(env, configFile: _path);
    }

    private static async Task<List<string>> SmartProvidersAsync(GatewayHost gateway, int count)
    {
        var providers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("smart"));
            Assert.Equal(200, (int)response.StatusCode);
            providers.Add(response.Header("x-gateway-provider"));
        }

        return providers;
    }

    [Fact]
    public async Task FileEdited_ProviderAddedAndTierModelChanged_TrafficFollowsWithoutRestart()
    {
        Write(Provider("b", "b-smart"));
        await using var gateway = await StartAsync();
        Assert.Equal(["a", "b"], await SmartProvidersAsync(gateway, 2));
        var version = gateway.Current().Version;

        Write(Provider("b", "b-smarter"), Provider("c", "c-smart"));
        var table = await gateway.WaitForTableAsync(t => t.Version > version && t.Catalog.Find("c") is not null);

        Assert.Equal(["a", "b", "c"], table.Catalog.Enabled.Select(p => p.Name));
        var providers = await SmartProvidersAsync(gateway, 6);
        Assert.Equal(2, providers.Count(p => p == "c"));
        Assert.Equal("b-smarter", _upstreams["b"].Received[^1].Model);
        var (_, body) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/models"));
        Assert.Contains("\"c-smart\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileEdited_Invalid_KeepsTheTable_AndLogsEveryError()
    {
        Write(Provider("b", "b-smart"));
        await using var gateway = await StartAsync();
        var before = gateway.Current();

        File.WriteAllText(_path, """{ "Gateway": { "Rotation": "sideways", "Providers": { "b": { "Type": "custom", "Url": "ftp://nope" } } } }""");
        await WaitForLogAsync(gateway, "unknown rotation 'sideways'");
        File.WriteAllText(_path, """{ "Gateway": { "Providers": """);
        await WaitForLogAsync(gateway, "not valid JSON");

        Assert.Contains(gateway.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("'ftp://nope' is not an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Same(before, gateway.Current());
        Assert.Equal(["a", "b"], await SmartProvidersAsync(gateway, 2));
    }

    private static Task WaitForLogAsync(GatewayHost gateway, string text) =>
        Eventually.TrueAsync(() => gateway.Logs.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal)),
            because: () => $"no warning containing \"{text}\"");
}
