using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Store;

/// <summary>Two gateway processes on one PostgreSQL and one Redis: a change made on one serves (or stops) on the other within a second.</summary>
// Alone: it asserts a change reaches the other replica within a second.
[Collection(AloneCollection.Name)]
public sealed class ReplicaPropagationTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ProviderCreatedOnOneReplica_ServesOnTheOther_WithinOneSecond_AndItsDeletionToo()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("alpha");
        await using var warm = await FakeUpstreamServer.StartAsync("warm");
        await using var redis = await RedisServer.StartAsync();
        var env = await ReplicaEnvironment.CreateAsync(postgres, redis);
        env["Gateway__Store__PollSeconds"] = "30"; // the poll is the fallback: Redis has to carry this
        Warm(env, warm);
        await using var a = GatewayProcess.Start(env);
        await using var b = GatewayProcess.Start(env);
        await Task.WhenAll(a.WaitUntilUpAsync(), b.WaitUntilUpAsync());
        await WarmUpAsync(a, b);
        await ReplicaEnvironment.WaitForAsync(() => Task.FromResult(b.Output.Contains("[1232]", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        var (status, created) = await a.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(upstream));
        Assert.Equal(201, status);
        Assert.Equal(200, (await a.Client.ChatAsync(StoreBackend.AliceKey)).Status);
        var served = await ReplicaEnvironment.WaitForAsync(async () => (await b.Client.ChatAsync(StoreBackend.AliceKey)).Status == 200, TimeSpan.FromSeconds(5));
        output.WriteLine($"created on A, served on B after {served.TotalMilliseconds:0} ms");
        Assert.True(served < TimeSpan.FromSeconds(1), $"B served after {served.TotalMilliseconds:0} ms");

        Assert.Equal(200, (await a.Client.SendAsync(HttpMethod.Delete, $"/api/ai-providers/{created.GetProperty("id").GetString()}", StoreBackend.AliceKey)).Status);
        var gone = await ReplicaEnvironment.WaitForAsync(async () => (await b.Client.ChatAsync(StoreBackend.AliceKey)).Status != 200, TimeSpan.FromSeconds(5));
        output.WriteLine($"deleted on A, gone on B after {gone.TotalMilliseconds:0} ms");
        Assert.True(gone < TimeSpan.FromSeconds(1), $"B stopped after {gone.TotalMilliseconds:0} ms");
        var count = upstream.RequestCount;
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual(200, (await b.Client.ChatAsync(StoreBackend.AliceKey)).Status);
            Assert.NotEqual(200, (await a.Client.ChatAsync(StoreBackend.AliceKey)).Status);
        }

        Assert.Equal(count, upstream.RequestCount);
    }

    [Fact]
    public async Task WithoutRedis_TheStoresVersionPoll_CarriesTheChange()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("alpha");
        var env = StoreBackend.Environment().ToDictionary(p => p.Key, p => p.Value!);
        env["Gateway__Store__ConnectionString"] = await postgres.Server.CreateDatabaseAsync();
        env["Gateway__Store__PollSeconds"] = "0.5";
        await using var warm = await FakeUpstreamServer.StartAsync("warm");
        Warm(env, warm);
        await using var a = GatewayProcess.Start(env);
        await using var b = GatewayProcess.Start(env);
        await Task.WhenAll(a.WaitUntilUpAsync(), b.WaitUntilUpAsync());
        await WarmUpAsync(a, b);
        await a.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(upstream));
        var served = await ReplicaEnvironment.WaitForAsync(async () => (await b.Client.ChatAsync(StoreBackend.AliceKey)).Status == 200, TimeSpan.FromSeconds(5));
        output.WriteLine($"polled: served on B after {served.TotalMilliseconds:0} ms");
        Assert.True(served < TimeSpan.FromSeconds(2));
    }

    /// <summary>A configured provider for the static key only, so the chat path is compiled before anything is timed.</summary>
    private static void Warm(Dictionary<string, string> env, FakeUpstreamServer warm)
    {
        (env["AI_WARM_URL"], env["AI_WARM_TYPE"], env["AI_WARM_KEY"], env["AI_WARM_MODELS"]) = (warm.BaseUrl, "custom", "key-warm", "warm-only");
    }

    private static async Task WarmUpAsync(params GatewayProcess[] gateways)
    {
        foreach (var gateway in gateways)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "warm-only")).Status);
                await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey);
            }
        }
    }
}
