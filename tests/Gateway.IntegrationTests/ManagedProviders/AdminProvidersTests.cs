using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.ManagedProviders;

/// <summary>The admin provider API (global and any owner's providers, rotate-key, the provider test) and the audit log.</summary>
public sealed class AdminProvidersTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private FakeUpstreamServer _alpha = null!;

    public async Task InitializeAsync() => _alpha = await FakeUpstreamServer.StartAsync("alpha");

    public async Task DisposeAsync() => await _alpha.DisposeAsync();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Admin_ManagesGlobalAndOwnersProviders_RotatesKeys_AndEveryChangeIsAudited(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var configured = await FakeUpstreamServer.StartAsync("conf");
        var env = StoreBackend.Environment(extra: [("AI_CONF_URL", configured.BaseUrl), ("AI_CONF_TYPE", "custom"), ("AI_CONF_KEY", "key-conf")]);
        await using var gateway = await GatewayHost.StartAsync(env, store.Settings());
        var client = gateway.Client;

        var (status, created) = await client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(_alpha));
        Assert.Equal(201, status);
        var globalId = created.GetProperty("id").GetString()!;
        var (_, forBob) = await client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(_alpha, type: "together", key: "together-key-01").Replace("{", """{"owner":"bob",""", StringComparison.Ordinal)[..]);
        var bobId = forBob.GetProperty("id").GetString()!;

        // The global one serves everyone; bob sees his own in the owner API, not the global one.
        Assert.Equal(200, (await client.ChatAsync(StoreBackend.StaticKey, "smart")).Status);
        var (_, bobList) = await client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.BobKey);
        Assert.Equal(bobId, Assert.Single(bobList.GetProperty("providers").EnumerateArray()).GetProperty("id").GetString());

        var (_, all) = await client.SendAsync(HttpMethod.Get, "/admin/providers", StoreBackend.AdminKey);
        Assert.Equal(2, all.GetProperty("providers").GetArrayLength());
        Assert.Contains(all.GetProperty("providers").EnumerateArray(), p => p.GetProperty("owner").GetString() == "bob");
        var conf = Assert.Single(all.GetProperty("configured").EnumerateArray());
        Assert.True(conf.GetProperty("readOnly").GetBoolean());
        Assert.Equal(409, (await client.SendAsync(HttpMethod.Put, "/admin/providers/conf", StoreBackend.AdminKey, """{"isActive":false}""")).Status);
        Assert.Equal(403, (await client.SendAsync(HttpMethod.Get, "/admin/providers", StoreBackend.AliceKey)).Status);

        // Rotate: the new key reaches the upstream at once, and the hash follows.
        var (_, before) = await client.SendAsync(HttpMethod.Get, $"/admin/providers/{globalId}", StoreBackend.AdminKey);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, $"/admin/providers/{globalId}/rotate-key", StoreBackend.AdminKey, """{"apiKey":"sk-rotated-key-0002"}""")).Status);
        Assert.Equal(400, (await client.SendAsync(HttpMethod.Post, $"/admin/providers/{globalId}/rotate-key", StoreBackend.AdminKey, """{"apiKey":"bad key"}""")).Status);
        var (_, after) = await client.SendAsync(HttpMethod.Get, $"/admin/providers/{globalId}", StoreBackend.AdminKey);
        Assert.NotEqual(before.GetProperty("provider").GetProperty("keyHash").GetString(), after.GetProperty("provider").GetProperty("keyHash").GetString());
        Assert.Equal(200, (await client.ChatAsync(StoreBackend.StaticKey, "smart")).Status);
        Assert.Equal("Bearer sk-rotated-key-0002", _alpha.Received[^1].Headers["Authorization"]);

        // The existing provider test works for managed providers, by id and by routing name.
        var name = after.GetProperty("provider").GetProperty("name").GetString()!;
        foreach (var which in new[] { globalId, name })
        {
            var (testStatus, test) = await client.SendAsync(HttpMethod.Get, $"/admin/providers/{which}/test", StoreBackend.AdminKey);
            Assert.Equal(200, testStatus);
            Assert.True(test.GetProperty("ok").GetBoolean());
            Assert.Equal(name, test.GetProperty("provider").GetString());
        }

        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, $"/admin/providers/{bobId}", StoreBackend.AdminKey, """{"keyLabel":"renamed"}""")).Status);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Delete, $"/api/ai-providers/{bobId}", StoreBackend.BobKey)).Status);

        var (_, audit) = await client.SendAsync(HttpMethod.Get, "/admin/audit", StoreBackend.AdminKey);
        var entries = audit.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString(), e.GetProperty("providerId").GetString())).ToList();
        Assert.Equal(
            [("key:" + KeyId(StoreBackend.BobKey), "delete", bobId), ("admin", "update", bobId), ("admin", "rotate-key", globalId), ("admin", "create", bobId), ("admin", "create", globalId)],
            entries);
        Assert.Equal("keyLabel", audit.GetProperty("entries")[1].GetProperty("detail").GetString());
    }

    private static string KeyId(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12];
}
