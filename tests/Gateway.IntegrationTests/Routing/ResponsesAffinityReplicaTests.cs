using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Surfaces;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// Prompt-cache affinity for <c>previous_response_id</c> across two replicas sharing one real redis-server: the turns of
/// one conversation alternate between the replicas and all go to the provider that answered the first, because the
/// stored response (read from Redis) names it.
/// </summary>
public sealed class ResponsesAffinityReplicaTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private readonly RedisServer _redis = fixture.Server;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a", "b");
        await _redis.ResetAsync();
    }

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartAsync() => GatewayHost.StartAsync(
        _upstreams.Environment(("AI_ROTATION", "round-robin"), ("AI_REDIS_URL", _redis.Url)),
        settings: new Dictionary<string, string?>
        {
            ["Gateway:Affinity:Enabled"] = "true",
            ["Gateway:Affinity:PrefixBytes"] = "4096",
        });

    [Fact]
    public async Task TurnsOnAlternatingReplicas_StayOnTheProviderOfTheFirst()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        await WaitConnectedAsync(first);
        await WaitConnectedAsync(second);

        string? id = null;
        var served = new List<string>();
        for (var turn = 0; turn < 6; turn++)
        {
            var replica = turn % 2 == 0 ? first : second;
            var request = SurfaceHttp.Responses($"Turn {turn}.", extra: id is null ? "" : $$""","previous_response_id":"{{id}}" """);
            var (response, body) = await replica.Client.ExchangeAsync(request);
            Assert.True(response.IsSuccessStatusCode, body);
            served.Add(response.Header("x-gateway-provider"));
            id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        }

        Assert.Single(served.Distinct());
    }

    private static async Task WaitConnectedAsync(GatewayHost gateway)
    {
        var redis = (Gateway.Redis.SharedRedis)gateway.Services.GetService(typeof(Gateway.Redis.SharedRedis))!;
        for (var i = 0; i < 200 && !redis.IsConnected; i++)
        {
            await Task.Delay(25);
        }
    }
}
