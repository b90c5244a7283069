using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Tenancy;

/// <summary>
/// Managed keys only, PostgreSQL down when the gateway starts: the keys cannot be loaded, so <c>/v1</c> must not be
/// open. No key: 401; any key (managed or made up): 503 <c>store_unavailable</c>, never served; <c>/readyz</c> not
/// ready, and the log says why. When PostgreSQL answers again the managed keys work and a made-up key gets 401.
/// </summary>
public sealed class FailClosedTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task PostgresDownAtStart_ManagedKeysOnly_401Or503_NotReady_ThenKeysWork()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("global");
        await using var store = await StoreBackend.CreateAsync("postgresql", postgres);
        var env = new Dictionary<string, string?>
        {
            ["AI_ADMIN_KEY"] = StoreBackend.AdminKey,
            ["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1,
            ["AI_GLOBAL_URL"] = upstream.BaseUrl,
            ["AI_GLOBAL_TYPE"] = "custom",
            ["AI_GLOBAL_KEY"] = "key-global",
            ["AI_GLOBAL_SMART"] = "global-smart",
        };
        string key;
        await using (var first = await GatewayHost.StartAsync(env, store.Settings()))
        {
            (_, key) = await first.Client.CreateKeyAsync();
            Assert.Equal(200, (await first.Client.ChatAsync(key)).Status);
            Assert.Equal(401, await first.Client.AnonymousChatAsync());
        }

        await postgres.Server.StopAsync();
        GatewayHost gateway;
        try
        {
            gateway = await GatewayHost.StartAsync(env, store.Settings(("Gateway:Store:CommandTimeoutSeconds", "1")));
            var served = upstream.RequestCount;
            Assert.Equal(401, await gateway.Client.AnonymousChatAsync());
            foreach (var presented in new[] { key, "made-up-key-000000000000", "" + Guid.NewGuid() })
            {
                var (status, _, body) = await gateway.Client.ChatAsync(presented);
                Assert.Equal(503, status);
                Assert.Equal("store_unavailable", Http.AssertOpenAIError(body).GetProperty("code").GetString());
            }

            var (messages, messagesBody) = await gateway.Client.MessagesAsync(key, "smart");
            Assert.Equal(503, messages);
            Assert.Contains("store", messagesBody, StringComparison.Ordinal);
            Assert.Equal(served, upstream.RequestCount);

            using var ready = await gateway.Client.GetAsync("/readyz");
            Assert.Equal(503, (int)ready.StatusCode);
            Assert.Contains("client keys", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains(gateway.Logs.Lines, l => l.Contains("[1340]", StringComparison.Ordinal) && l.Contains("postgresql", StringComparison.Ordinal));
            Assert.DoesNotContain(key, string.Join('\n', gateway.Logs.Lines), StringComparison.Ordinal);
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        await using (gateway)
        {
            await ReplicaEnvironment.WaitForAsync(async () => (await gateway.Client.ChatAsync(key)).Status == 200, TimeSpan.FromSeconds(15));
            Assert.Equal(401, (await gateway.Client.ChatAsync("made-up-key-000000000000")).Status);
            Assert.Equal(401, await gateway.Client.AnonymousChatAsync());
            using var ready = await gateway.Client.GetAsync("/readyz");
            Assert.Equal(200, (int)ready.StatusCode);
        }
    }

    [Fact]
    public async Task SqliteWithoutKeys_V1StaysOpen_AsWithDotnetRun()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("global");
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        var env = new Dictionary<string, string?> { ["AI_GLOBAL_URL"] = upstream.BaseUrl, ["AI_GLOBAL_TYPE"] = "custom", ["AI_GLOBAL_KEY"] = "key-global", ["AI_GLOBAL_SMART"] = "global-smart" };
        await using var gateway = await GatewayHost.StartAsync(env, store.Settings());
        Assert.Equal(200, await gateway.Client.AnonymousChatAsync());
        using var ready = await gateway.Client.GetAsync("/readyz");
        Assert.Equal(200, (int)ready.StatusCode);
    }
}
