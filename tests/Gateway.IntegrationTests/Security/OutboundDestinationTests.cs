using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Gateway.Outbound;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// The outbound rule (docs/security.md, "Outbound destinations"): an owner's provider reaches public addresses only.
/// Nothing here ever connects outside 127.0.0.0/8: refusals are checked at creation (no connection is made), and the
/// connect-time check with names a <see cref="TableResolver"/> resolves to 127.0.0.1 while the rule forbids loopback.
/// </summary>
public sealed class OutboundDestinationTests : IAsyncLifetime
{
    private readonly TableResolver _resolver = new TableResolver()
        .Add("internal.test", ["10.1.2.3"])
        .Add("metadata.test", ["169.254.169.254"])
        .Add("mixed.test", ["203.0.113.10", "192.168.0.10"])
        .Add("ula.test", ["fd12:3456::1"])
        .Add("loop.test", ["127.0.0.1"]);

    private StoreBackend _store = null!;
    private FakeUpstreamServer _internal = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreBackend.CreateAsync("sqlite", null!);
        _internal = await FakeUpstreamServer.StartAsync("internal");
    }

    public async Task DisposeAsync()
    {
        await _internal.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task OwnerProvider_NonPublicDestinationInAnySpelling_RefusedAtCreation()
    {
        await using var gateway = await StartAsync();
        string[] refused =
        [
            "http://127.0.0.1:9/v1", "http://127.1/v1", "http://2130706433/v1", "http://0177.0.0.1/v1", "http://0x7f.0.0.1/v1", "http://0x7f000001/v1",
            "http://017700000001/v1", "http://[::1]/v1", "http://[::ffff:127.0.0.1]/v1", "http://[::ffff:7f00:1]/v1", "http://[0:0:0:0:0:ffff:7f00:1]/v1",
            "http://localhost:11434/v1", "http://LOCALHOST./v1",
            "http://10.0.0.1/v1", "http://172.16.5.4/v1", "http://172.31.255.255/v1", "http://192.168.1.1/v1", "http://100.64.0.1/v1", "http://100.127.255.254/v1",
            "http://169.254.169.254/latest", "http://169.254.10.10/v1", "http://[fd00:ec2::254]/v1", "http://[fc00::1]/v1", "http://[fd12::1]/v1", "http://[fe80::1]/v1",
            "http://224.0.0.1/v1", "http://239.255.255.250/v1", "http://[ff02::1]/v1", "http://0.0.0.0/v1", "http://0/v1", "http://[::]/v1", "http://255.255.255.255/v1",
            "http://[64:ff9b::a00:1]/v1", "http://[2002:c0a8:101::1]/v1", "http://[::127.0.0.1]/v1",
            "http://internal.test/v1", "http://metadata.test/v1", "http://mixed.test/v1", "http://ula.test/v1", "http://loop.test/v1",
            "https://user:secret@api.example.com/v1", "https://api.example.com/v1?", "https://api.example.com/v1?x=1", "https://api.example.com/v1#frag",
        ];
        var accepted = new List<string>();
        foreach (var url in refused)
        {
            var (status, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, Provider(url));
            if (status != 400 || !body.GetProperty("message").GetString()!.Contains("refused by policy", StringComparison.Ordinal))
            {
                accepted.Add($"{url} -> {status} {body}");
            }
        }

        Assert.Empty(accepted);
        Assert.Empty((await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey)).Body.GetProperty("providers").EnumerateArray());
        Assert.Equal(0, _internal.RequestCount);
    }

    [Fact]
    public async Task OwnerProvider_PublicAddressOrUnresolvedName_Accepted_AllowPrivateNetworkOnlyForTheAdmin()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client;

        // Creation makes no connection: a public address is only checked, and a name that does not resolve now is left
        // to the connect-time check.
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, Provider("https://203.0.113.20/v1"))).Status);
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.BobKey, Provider("https://not-resolving.test/v1"))).Status);

        var (status, body) = await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, Provider("http://10.0.0.1/v1", allowPrivate: true, type: "together"));
        Assert.Equal(403, status);
        Assert.Contains("admin", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        // An owner cannot keep an admin's allowance while choosing another URL: a new providerConfig is checked again.
        var (created, admin) = await client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey,
            Provider("http://10.0.0.1/v1", allowPrivate: true, type: "together").Replace("{", """{"owner":"alice",""", StringComparison.Ordinal));
        Assert.Equal(201, created);
        var id = admin.GetProperty("id").GetString();
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"keyLabel":"renamed"}""")).Status);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"providerConfig":{"baseUrl":"http://10.0.0.1/v1","smart":"m2","allowPrivateNetwork":true}}""")).Status);
        (status, body) = await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"providerConfig":{"baseUrl":"http://10.0.0.2/v1"}}""");
        Assert.Equal(400, status);
        Assert.Contains("refused by policy", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, (await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"providerConfig":{"baseUrl":"http://10.0.0.2/v1","allowPrivateNetwork":true}}""")).Status);
    }

    [Fact]
    public async Task OwnerProvider_GatewayItself_RefusedEvenWhereLoopbackIsAllowed()
    {
        await using var gateway = await StartAsync(allowedNetworks: "127.0.0.0/8");
        var (status, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, Provider(gateway.Root + "/v1"));
        Assert.Equal(400, status);
        Assert.Contains("gateway itself", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(201, (await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, Provider(_internal.BaseUrl))).Status);
    }

    [Fact]
    public async Task OwnerProvider_NameRebindsToLoopback_InternalServiceReceivesNothing_AdminAllowedProviderReachesIt()
    {
        // rebind.test answers a public address once (the creation check, which connects nowhere), then 127.0.0.1.
        _resolver.Add("rebind.test", ["203.0.113.30"], ["127.0.0.1"]);
        await using var gateway = await StartAsync();
        var client = gateway.Client;
        var port = new Uri(_internal.Root).Port;

        var (status, created) = await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, Provider($"http://rebind.test:{port}/v1", model: "internal-model"));
        Assert.Equal(201, status);
        var ownerProvider = "openai-" + created.GetProperty("id").GetString()!.Replace("-", "", StringComparison.Ordinal)[..12];

        using (var chat = Http.Chat("internal-model", bearer: StoreBackend.AliceKey))
        {
            var (response, body) = await client.ExchangeAsync(chat);
            Assert.Equal(502, (int)response.StatusCode);
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
            Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        }

        using (var stream = Http.Chat("internal-model", stream: true, bearer: StoreBackend.AliceKey))
        {
            Assert.Equal(502, (int)(await client.ExchangeAsync(stream)).Response.StatusCode);
        }

        // The Test button (admin's endpoint and the console's probe are one): "refused by policy", no connection detail.
        var (_, test) = await client.SendAsync(HttpMethod.Get, $"/admin/providers/{ownerProvider}/test", StoreBackend.AdminKey);
        Assert.Equal("refused_by_policy", test.GetProperty("error_class").GetString());
        Assert.Equal(0, _internal.RequestCount);

        // The control: a provider the admin allowed private networks reaches the same service.
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, Provider($"http://localhost:{port}/v1", allowPrivate: true, type: "together", model: "lan-model"))).Status);
        using (var chat = Http.Chat("lan-model", bearer: StoreBackend.AliceKey))
        {
            Assert.Equal(200, (int)(await client.ExchangeAsync(chat)).Response.StatusCode);
        }

        Assert.Equal(1, _internal.RequestCount);
    }

    private Task<GatewayHost> StartAsync(string allowedNetworks = "") =>
        GatewayHost.StartAsync(
            StoreBackend.Environment(),
            _store.Settings(("Gateway:Outbound:AllowedNetworks", allowedNetworks)),
            services: s => s.AddSingleton<IHostResolver>(_resolver));

    private static string Provider(string url, bool allowPrivate = false, string type = "openai", string model = "m") =>
        $$$"""{"provider":"{{{type}}}","apiKey":"sk-test-secret-0001","supportedModels":["{{{model}}}"],"providerConfig":{"baseUrl":"{{{url}}}","smart":"{{{model}}}"{{{(allowPrivate ? ",\"allowPrivateNetwork\":true" : "")}}}}}""";
}
