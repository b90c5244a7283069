using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Configuration;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Security;

/// <summary>Client and admin keys checked by the authentication handler and route-group policies, whatever the path's spelling.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Theory]
    [InlineData("/V1/chat/completions")]
    [InlineData("/v1/CHAT/Completions")]
    [InlineData("/%56%31/chat/completions")]
    [InlineData("/%76%31/chat/completions")]
    public async Task OtherSpellingsOfV1_WithoutAKey_Are401_AndNeverReachTheProvider(string path)
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:ClientKeys"] = "gw-key" });

        var status = await RawPostAsync(gateway.Root, path, bearer: null);
        var withKey = await RawPostAsync(gateway.Root, path, bearer: "gw-key");

        Assert.Equal(401, status);
        Assert.Equal(200, withKey);
        Assert.Equal(1, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData("/ADMIN/health")]
    [InlineData("/Admin/Usage")]
    [InlineData("/%61dmin/health")]
    public async Task AdminPaths_InAnySpelling_NeedTheAdminKey(string path)
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:AdminKey"] = "adm-0123456789abcdef0123456789", ["Gateway:ClientKeys"] = "gw-key" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.SendAsync(Get(path, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client.SendAsync(Get(path, "gw-key"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(Get(path, "adm-0123456789abcdef0123456789"))).StatusCode);
    }

    public static TheoryData<string, Dictionary<string, string?>, Dictionary<string, string?>> KeyForms() => new()
    {
        // An empty JSON array in a lower file plus the indexed form in the environment: the shipped appsettings.json used to mask these.
        { "indexed beside an empty array", new() { ["Gateway:ClientKeys"] = "", ["Gateway:ClientKeys:0"] = "k1", ["Gateway:ClientKeys:1"] = "k2" }, new() },
        { "indexed", new() { ["Gateway:ClientKeys:0"] = "k1", ["Gateway:ClientKeys:1"] = "k2" }, new() },
        { "comma string", new() { ["Gateway:ClientKeys"] = "k1, k2" }, new() },
        { "AI_CLIENT_KEYS", new(), new() { ["AI_CLIENT_KEYS"] = "k1,k2" } },
    };

    [Theory]
    [MemberData(nameof(KeyForms))]
    public async Task ClientKeys_InEveryForm_AreEnforced(string form, Dictionary<string, string?> settings, Dictionary<string, string?> environment)
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment([.. environment.Select(p => (p.Key, p.Value!))]), settings);

        Assert.True((await gateway.Client.SendAsync(Http.Chat(bearer: null))).StatusCode == HttpStatusCode.Unauthorized, form);
        Assert.True((await gateway.Client.SendAsync(Http.Chat(bearer: "k3"))).StatusCode == HttpStatusCode.Unauthorized, form);
        Assert.True((await gateway.Client.SendAsync(Http.Chat(bearer: "k2"))).StatusCode == HttpStatusCode.OK, form);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("Client keys: 2 configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientKeysSetButEmpty_StopsStartup_InsteadOfOpeningV1()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:ClientKeys"] = " , " }));

        Assert.Contains("ClientKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoClientKeys_WarnsThatV1IsOpen()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        Assert.Contains(gateway.Logs.Lines, l => l.Contains("NO CLIENT KEYS ARE CONFIGURED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnthropicStyleApiKeyHeader_IsAcceptedAsAClientKey()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:ClientKeys"] = "gw-key" });
        var request = Http.Chat(bearer: null);
        request.Headers.Add("x-api-key", "gw-key");

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task RejectedRequests_AreCounted_AndLogged_WithTheStatusSent()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys"] = "gw-key",
            ["Logging:LogLevel:Gateway.Requests"] = "Information",
        });

        await gateway.Client.SendAsync(Http.Chat(bearer: null));
        await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/no-such-surface"));
        await gateway.Client.SendAsync(Http.Chat(provider: "nope", bearer: "gw-key"));
        var metrics = await MetricsText.ScrapeAsync(gateway.Client);

        Assert.Equal(1, metrics["gateway_requests_total{route=\"/v1/chat/completions\",status=\"401\"}"]);
        Assert.Equal(1, metrics["gateway_requests_total{route=\"unmatched\",status=\"404\"}"]);
        Assert.Equal(1, metrics["gateway_requests_total{route=\"/v1/chat/completions\",status=\"404\"}"]);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("/v1/chat/completions 401", StringComparison.Ordinal));
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("unmatched 404", StringComparison.Ordinal));
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("/v1/chat/completions 404", StringComparison.Ordinal) && l.Contains("model=smart", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Get(string path, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        return request;
    }

    /// <summary>A POST written byte for byte, so the path reaches the gateway exactly as given (HttpClient would normalise it).</summary>
    internal static async Task<int> RawPostAsync(string root, string path, string? bearer)
    {
        var uri = new Uri(root);
        using var socket = new TcpClient();
        await socket.ConnectAsync(uri.Host, uri.Port);
        var body = """{"model":"smart","messages":[{"role":"user","content":"Hi"}]}""";
        var auth = bearer is null ? "" : $"Authorization: Bearer {bearer}\r\n";
        var request = $"POST {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\n{auth}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
