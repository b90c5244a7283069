using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>What a managed key may do (its models), when /v1 requires a key, and how the admin API refuses bad input (SQLite).</summary>
public sealed class ClientKeyRulesTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Directory.CreateTempSubdirectory("gateway-keys-").FullName, "data");
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("alpha");

    public async Task DisposeAsync()
    {
        await _upstreams.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
    }

    [Fact]
    public async Task ModelsAllowList_RefusesOtherModels_With403InEachSurfacesShape_BeforeAnyUpstreamCall()
    {
        await using var gateway = await StartAsync(ClientKeyLifecycleTests.Environment(_upstreams));
        var (_, key) = await gateway.Client.CreateKeyAsync(extra: ""","models":["fast","alpha/*"]""");
        var (_, unrestricted) = await gateway.Client.CreateKeyAsync("erin");

        var before = _upstreams["alpha"].RequestCount;
        var (status, _, body) = await gateway.Client.ChatAsync(key, "smart");
        Assert.Equal(403, status);
        var error = Http.AssertOpenAIError(body);
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Equal("permission_denied", error.GetProperty("code").GetString());

        var (messages, anthropic) = await gateway.Client.MessagesAsync(key, "smart");
        Assert.Equal(403, messages);
        using (var document = JsonDocument.Parse(anthropic))
        {
            Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
            Assert.Equal("permission_error", document.RootElement.GetProperty("error").GetProperty("type").GetString());
        }

        Assert.Equal(before, _upstreams["alpha"].RequestCount);
        Assert.Equal(200, (await gateway.Client.ChatAsync(key, "FAST")).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(key, "smart", pinned: "alpha")).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(unrestricted, "smart")).Status);

        // A patch changes the list at once.
        Assert.Equal(200, (await gateway.Client.AdminAsync(new HttpMethod("PATCH"), $"/admin/keys/{(await IdOfAsync(gateway, "carol"))}", """{"models":null}""")).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(key, "smart")).Status);
    }

    [Fact]
    public async Task OpenGateway_FirstManagedKey_ClosesV1_AndRevokingItDoesNotReopen()
    {
        var env = ClientKeyLifecycleTests.Environment(_upstreams);
        env.Remove("AI_CLIENT_KEYS");
        await using var gateway = await StartAsync(env);
        Assert.Equal(200, await gateway.Client.AnonymousChatAsync());

        var (id, key) = await gateway.Client.CreateKeyAsync();
        Assert.Equal(401, await gateway.Client.AnonymousChatAsync());
        Assert.Equal(401, (await gateway.Client.ChatAsync("not-a-key", "smart")).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(key, "smart")).Status);

        Assert.Equal(200, (await gateway.Client.AdminAsync(HttpMethod.Delete, $"/admin/keys/{id}")).Status);
        Assert.Equal(401, await gateway.Client.AnonymousChatAsync());
        Assert.Equal(401, (await gateway.Client.ChatAsync(key, "smart")).Status);
    }

    [Fact]
    public async Task StaticKeys_KeepWorking_NextToManagedOnes()
    {
        await using var gateway = await StartAsync(ClientKeyLifecycleTests.Environment(_upstreams));
        var (_, key) = await gateway.Client.CreateKeyAsync();
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey, "smart")).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(key, "smart")).Status);
        Assert.Equal(401, await gateway.Client.AnonymousChatAsync());
    }

    [Theory]
    [InlineData("""{"label":"x"}""", "owner")]
    [InlineData("""{"owner":""}""", "owner")]
    [InlineData("""{"owner":"a","limits":{"usdPerDay":-1}}""", "limits.usdPerDay")]
    [InlineData("""{"owner":"a","limits":{"requestsPerMinute":1.5}}""", "limits.requestsPerMinute")]
    [InlineData("""{"owner":"a","limits":{"perYear":1}}""", "limits.perYear")]
    [InlineData("""{"owner":"a","models":"smart"}""", "models")]
    [InlineData("""{"owner":"a","expiresAt":"soon"}""", "expiresAt")]
    [InlineData("""{"owner":"a","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"owner":"a","key":"gw-mine"}""", "key")]
    [InlineData("""[1]""", "object")]
    [InlineData("""{"owner":""", "JSON")]
    public async Task Create_BadBody_400NamingTheField(string json, string field)
    {
        await using var gateway = await StartAsync(ClientKeyLifecycleTests.Environment(_upstreams));
        var (status, body) = await gateway.Client.AdminAsync(HttpMethod.Post, "/admin/keys", json);
        Assert.Equal(400, status);
        Assert.Contains(field, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownId_404_OnEveryOperation_AndBadGrace400_AndOwnerCannotChange()
    {
        await using var gateway = await StartAsync(ClientKeyLifecycleTests.Environment(_upstreams));
        foreach (var (method, path, json) in new[]
        {
            (HttpMethod.Get, "/admin/keys/key_nope", null), (new HttpMethod("PATCH"), "/admin/keys/key_nope", """{"label":"x"}"""),
            (HttpMethod.Delete, "/admin/keys/key_nope", null), (HttpMethod.Post, "/admin/keys/key_nope/rotate", null),
        })
        {
            var (status, body) = await gateway.Client.AdminAsync(method, path, json);
            Assert.Equal(404, status);
            Assert.Equal("key_not_found", body.GetProperty("error").GetProperty("code").GetString());
        }

        var (id, _) = await gateway.Client.CreateKeyAsync();
        Assert.Equal(400, (await gateway.Client.AdminAsync(HttpMethod.Post, $"/admin/keys/{id}/rotate?grace_seconds=-5")).Status);
        Assert.Equal(400, (await gateway.Client.AdminAsync(new HttpMethod("PATCH"), $"/admin/keys/{id}", """{"owner":"mallory"}""")).Status);
        Assert.Equal(403, (await gateway.Client.SendAsync(HttpMethod.Get, "/admin/keys", StoreBackend.AliceKey)).Status);
    }

    private Task<GatewayHost> StartAsync(Dictionary<string, string?> env) =>
        GatewayHost.StartAsync(env, new Dictionary<string, string?> { ["Gateway:Store:DataDirectory"] = _data });

    private static async Task<string> IdOfAsync(GatewayHost gateway, string owner)
    {
        var (_, list) = await gateway.Client.AdminAsync(HttpMethod.Get, $"/admin/keys?owner={owner}");
        return list.GetProperty("keys")[0].GetProperty("id").GetString()!;
    }
}
