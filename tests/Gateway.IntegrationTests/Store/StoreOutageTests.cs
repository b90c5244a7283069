using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Store;

/// <summary>PostgreSQL down at start-up and under traffic: requests flow on the last routing table, the APIs answer 503, changes resume.</summary>
public sealed class StoreOutageTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private FakeUpstreamServer _alpha = null!;
    private FakeUpstreamServer _global = null!;

    public async Task InitializeAsync() => (_alpha, _global) = (await FakeUpstreamServer.StartAsync("alpha"), await FakeUpstreamServer.StartAsync("global"));

    public async Task DisposeAsync()
    {
        await _alpha.DisposeAsync();
        await _global.DisposeAsync();
    }

    private async Task<GatewayHost> StartAsync(StoreBackend store)
    {
        var env = StoreBackend.Environment(extra: [("AI_GLOBAL_URL", _global.BaseUrl), ("AI_GLOBAL_TYPE", "custom"), ("AI_GLOBAL_KEY", "key-global"), ("AI_GLOBAL_MODELS", "global-model")]);
        return await GatewayHost.StartAsync(env, store.Settings(("Gateway:Store:CommandTimeoutSeconds", "1")));
    }

    [Fact]
    public async Task DownMidTraffic_RequestsFlowOnTheLastTable_Api503_ChangesResume()
    {
        await using var store = await StoreBackend.CreateAsync("postgresql", postgres);
        await using var gateway = await StartAsync(store);
        await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(_alpha));
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);

        await postgres.Server.StopAsync();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
                Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "global-model")).Status);
            }

            var (status, body) = await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey);
            Assert.Equal(503, status);
            Assert.Equal("STORE_UNAVAILABLE", body.GetProperty("error").GetString());
            Assert.Contains("postgresql", body.GetProperty("message").GetString(), StringComparison.Ordinal);
            (status, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(_global));
            Assert.Equal(503, status);
            Assert.Equal("store_unavailable", body.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains(gateway.Logs.Lines, l => l.Contains("[1201]", StringComparison.Ordinal));
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        await Eventually.TrueAsync(async () => (await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.BobKey, StoreBackend.OpenAIProvider(_alpha))).Status == 201);
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.BobKey)).Status);
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
    }

    [Fact]
    public async Task DownAtStartUp_StartsOnConfiguredProviders_Api503_LoadsWhenItIsBack()
    {
        await using var store = await StoreBackend.CreateAsync("postgresql", postgres);
        await using (var first = await StartAsync(store))
        {
            await first.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(_alpha));
        }

        await postgres.Server.StopAsync();
        GatewayHost gateway;
        try
        {
            gateway = await StartAsync(store);
            Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "global-model")).Status);
            Assert.Equal(503, (await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey)).Status);
            Assert.Contains(gateway.Logs.Lines, l => l.Contains("[1212]", StringComparison.Ordinal));
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        await using (gateway)
        {
            // Alice's provider (written before the outage) loads once the database answers.
            await Eventually.TrueAsync(async () => (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status == 200);
            Assert.Equal(200, (await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey)).Status);
        }
    }

    [Fact]
    public async Task EmptyDatabase_DownAtStartUp_ThenUpBeforeItIsMigrated_Is503NotA500_AndTheGatewayStaysUp()
    {
        // A new database that is not up yet when the gateway starts (compose brings them up together): it answers before
        // the watcher's next look has made its tables (an hour away here), and a read then finds no table.
        await using var store = await StoreBackend.CreateAsync("postgresql", postgres);
        await postgres.Server.StopAsync();
        GatewayHost gateway;
        try
        {
            var env = StoreBackend.Environment(extra: [("AI_GLOBAL_URL", _global.BaseUrl), ("AI_GLOBAL_TYPE", "custom"), ("AI_GLOBAL_KEY", "key-global"), ("AI_GLOBAL_MODELS", "global-model")]);
            gateway = await GatewayHost.StartAsync(env, store.Settings(("Gateway:Store:CommandTimeoutSeconds", "1"), ("Gateway:Store:PollSeconds", "3600")));
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        await using (gateway)
        {
            // Not ready is not broken: the API says the store is unavailable, and traffic flows on the configured providers.
            var (status, body) = await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey);
            Assert.True(status == 503, $"{status}: {body}");
            Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "global-model")).Status);
            Assert.Equal(503, (await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey)).Status);
        }
    }
}
