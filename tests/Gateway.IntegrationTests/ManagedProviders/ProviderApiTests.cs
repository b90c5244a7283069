using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.ManagedProviders;

/// <summary>The seed's provider API over real sockets, on SQLite and on PostgreSQL: shapes, codes, owners, routing.</summary>
public sealed class ProviderApiTests(PostgresFixture postgres) : AlphaBetaTests, IClassFixture<PostgresFixture>
{
    private static readonly string[] SeedListFields = ["id", "provider", "keyLabel", "isActive", "isDefault", "usageLimit", "usageRemaining", "currentUsage", "createdAt", "lastUsedAt"];
    private static readonly string[] SeedDetailFields = [.. SeedListFields, "providerUserId", "keyHash", "updatedAt", "supportedModels", "providerConfig"];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task SeedApi_RoundTrip_ExactFieldNamesShapesAndCodes(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var gateway = await store.StartAsync();
        var client = gateway.Client;

        var (status, created) = await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
        Assert.Equal(201, status);
        Assert.True(created.GetProperty("success").GetBoolean());
        var id = created.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));

        var (_, list) = await client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey);
        var listed = Assert.Single(list.GetProperty("providers").EnumerateArray());
        Assert.All(SeedListFields, f => Assert.True(listed.TryGetProperty(f, out _), f));
        Assert.Equal("openai", listed.GetProperty("provider").GetString());
        Assert.Equal(5000, listed.GetProperty("usageLimit").GetInt64());
        Assert.Equal(0, listed.GetProperty("currentUsage").GetInt64());

        var (_, detail) = await client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        var provider = detail.GetProperty("provider");
        Assert.All(SeedDetailFields, f => Assert.True(provider.TryGetProperty(f, out _), f));
        Assert.False(provider.TryGetProperty("apiKey", out _));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sk-test-secret-0001"))), provider.GetProperty("keyHash").GetString());
        Assert.Equal("alpha-model", provider.GetProperty("supportedModels")[0].GetString());
        Assert.Equal(4000, provider.GetProperty("providerConfig").GetProperty("maxTokens").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", provider.GetProperty("createdAt").GetString());

        await AssertErrorAsync(client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Beta)), 409, "DUPLICATE_PROVIDER");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Beta, key: "not-an-openai-key", type: "groq")), 400, "INVALID_API_KEY");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{Guid.NewGuid()}", StoreBackend.AliceKey), 404, "PROVIDER_NOT_FOUND");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"apiKey":"sk-other-0000000"}"""), 400, "INVALID_REQUEST");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, "{not json"), 400, "INVALID_REQUEST");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Get, "/api/ai-providers", "wrong-key-000000"), 401, "UNAUTHORIZED");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AdminKey), 403, "FORBIDDEN");

        var (updated, _) = await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"keyLabel":"Updated Label","isActive":false,"usageLimit":2000}""");
        Assert.Equal(200, updated);
        (_, detail) = await client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        Assert.Equal("Updated Label", detail.GetProperty("provider").GetProperty("keyLabel").GetString());
        Assert.False(detail.GetProperty("provider").GetProperty("isActive").GetBoolean());
        Assert.Equal(2000, detail.GetProperty("provider").GetProperty("usageLimit").GetInt64());

        var (deleted, deleteBody) = await client.SendAsync(HttpMethod.Delete, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        Assert.Equal(200, deleted);
        Assert.True(deleteBody.GetProperty("success").GetBoolean());
        await AssertErrorAsync(client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey), 404, "PROVIDER_NOT_FOUND");
        await AssertErrorAsync(client.SendAsync(HttpMethod.Delete, $"/api/ai-providers/{id}", StoreBackend.AliceKey), 404, "PROVIDER_NOT_FOUND");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task OwnerIsolation_AnotherOwnerCannotReadChangeDeleteOrRouteThrough(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var gateway = await store.StartAsync();
        var client = gateway.Client;
        var (_, created) = await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
        var id = created.GetProperty("id").GetString()!;
        var (_, detail) = await client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        var name = detail.GetProperty("provider").GetProperty("name").GetString()!;

        foreach (var key in new[] { StoreBackend.BobKey, StoreBackend.StaticKey })
        {
            await AssertErrorAsync(client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", key), 404, "PROVIDER_NOT_FOUND");
            await AssertErrorAsync(client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", key, """{"isActive":false}"""), 404, "PROVIDER_NOT_FOUND");
            await AssertErrorAsync(client.SendAsync(HttpMethod.Delete, $"/api/ai-providers/{id}", key), 404, "PROVIDER_NOT_FOUND");
            await AssertErrorAsync(client.SendAsync(HttpMethod.Post, $"/api/ai-providers/{id}/rotate-key", key, """{"apiKey":"sk-stolen-000000"}"""), 404, "PROVIDER_NOT_FOUND");
            var (_, list) = await client.SendAsync(HttpMethod.Get, "/api/ai-providers", key);
            Assert.Empty(list.GetProperty("providers").EnumerateArray());
            Assert.NotEqual(200, (await client.ChatAsync(key, "smart")).Status);
            Assert.NotEqual(200, (await client.ChatAsync(key, "smart", pinned: name)).Status);
            Assert.NotEqual(200, (await client.ChatAsync(key, $"{name}/alpha-smart")).Status);
        }

        Assert.Equal(0, Alpha.RequestCount);
        var (status, served, _) = await client.ChatAsync(StoreBackend.AliceKey, "smart");
        Assert.Equal(200, status);
        Assert.Equal(name, served);
        Assert.Equal(1, Alpha.RequestCount);
        (_, detail) = await client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        Assert.True(detail.GetProperty("provider").GetProperty("isActive").GetBoolean());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task CreatedProvider_ServesAtOnce_DeletedGetsNothing_RestartKeepsEverything(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        string id;
        await using (var gateway = await store.StartAsync())
        {
            Assert.Equal(503, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
            var (_, created) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
            Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
            var (_, removed) = await gateway.Client.SendAsync(HttpMethod.Delete, $"/api/ai-providers/{created.GetProperty("id").GetString()}", StoreBackend.AliceKey);
            Assert.True(removed.GetProperty("success").GetBoolean());
            var before = Alpha.RequestCount;
            Assert.Equal(503, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
            Assert.Equal(before, Alpha.RequestCount);

            (_, created) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Beta, isDefault: true));
            id = created.GetProperty("id").GetString()!;
        }

        await using var restarted = await store.StartAsync();
        var (status, served, _) = await restarted.Client.ChatAsync(StoreBackend.AliceKey, "beta-model");
        Assert.Equal(200, status);
        Assert.StartsWith("openai-", served, StringComparison.Ordinal);
        var (_, detail) = await restarted.Client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        Assert.True(detail.GetProperty("provider").GetProperty("isDefault").GetBoolean());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task OwnersProviders_ComeFirst_ThenGlobalOnes_AndTheDefaultLeads(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var global = await FakeUpstreamServer.StartAsync("global");
        var env = StoreBackend.Environment(extra: [("AI_GLOBAL_URL", global.BaseUrl), ("AI_GLOBAL_TYPE", "custom"), ("AI_GLOBAL_KEY", "key-global"), ("AI_GLOBAL_SMART", "global-smart")]);
        await using var gateway = await GatewayHost.StartAsync(env, store.Settings());
        await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
        await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Beta, key: "gsk_test_secret_0002", isDefault: true, type: "groq"));

        // Round-robin over alice's two would alternate; the default leads every time, then the other, then the global one.
        for (var i = 0; i < 4; i++)
        {
            Assert.StartsWith("groq-", (await gateway.Client.ChatAsync(StoreBackend.AliceKey, "anything")).Provider, StringComparison.Ordinal);
        }

        Beta.Default = FakeResponse.WithStatus(500);
        Assert.StartsWith("openai-", (await gateway.Client.ChatAsync(StoreBackend.AliceKey, "anything")).Provider, StringComparison.Ordinal);
        Alpha.Default = FakeResponse.WithStatus(500);
        Assert.Equal("global", (await gateway.Client.ChatAsync(StoreBackend.AliceKey, "anything")).Provider);
        Assert.Equal("global", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        Alpha.Reset();
        Beta.Reset();
    }

    [Fact]
    public async Task Create_WithoutEncryptionKey_Is500EncryptionFailed_NamingTheSetting()
    {
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        await using var gateway = await store.StartAsync(keys: null);
        var (status, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
        Assert.Equal(500, status);
        Assert.Equal("ENCRYPTION_FAILED", body.GetProperty("error").GetString());
        Assert.Contains("GATEWAY_ENCRYPTION_KEY", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertErrorAsync(Task<(int Status, JsonElement Body)> call, int status, string code)
    {
        var (actual, body) = await call;
        Assert.Equal(status, actual);
        Assert.Equal(code, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }
}
