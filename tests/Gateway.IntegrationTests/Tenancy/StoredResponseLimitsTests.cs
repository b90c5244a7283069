using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Conversations;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Surfaces;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Tenancy;

/// <summary>
/// Stored Responses are bounded by bytes, per owner and in all, in memory and in Redis: a 19 MB conversation continued
/// 40 times (each continuation stores the whole conversation again: about 760 MB unbounded) stays within the configured
/// bytes; the history a continuation replays counts against the request body limit; keys that share an owner do not
/// read each other's stored responses.
/// </summary>
[Collection(AloneCollection.Name)] // the heap bound measures this process: nothing else may run beside it
public sealed class StoredResponseLimitsTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task NineteenMegabyteConversation_FortyContinuations_StaysWithinTheConfiguredBytes(string kind)
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        upstreams["a"].Record = false;
        await using var redis = kind == "redis" ? await RedisServer.StartAsync() : null;
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:key-of-alice"));
        if (redis is not null)
        {
            env["AI_REDIS_URL"] = redis.Url;
        }

        await using var gateway = await GatewayHost.StartAsync(env, new Dictionary<string, string?>
        {
            ["Gateway:MaxRequestBodyBytes"] = (24 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Responses:MaxStoredMegabytes"] = "64",
            ["Gateway:Responses:MaxStoredMegabytesPerOwner"] = "48",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var store = gateway.Services.GetRequiredService<IConversationStore>();
        if (redis is not null)
        {
            await WaitConnectedAsync(gateway);
        }

        var id = await CreateAsync(gateway, new string('x', (int)(19 * MiB)), previous: null);
        long most = 0;
        for (var turn = 0; turn < 40; turn++)
        {
            id = await CreateAsync(gateway, $"And now, turn {turn}?", id);
            var bytes = await StoredBytesAsync(store);
            most = Math.Max(most, bytes);
            Assert.True(bytes <= 48 * MiB, $"turn {turn}: {bytes} bytes stored for one owner (limit {48 * MiB})");
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{kind}: most bytes accounted {most / (double)MiB:0.0} MiB (limit 48 per owner, 64 in all); test process managed heap after a full collection {heap / (double)MiB:0} MiB; unbounded the 41 conversations hold about {41 * 19} MiB");
        Assert.True(most > 19 * MiB, "the conversation was stored");
        Assert.True(heap < 600 * MiB, $"managed heap {heap / MiB} MiB after the run");

        // The last response is still there and continues.
        Assert.NotNull(await CreateAsync(gateway, "Still there?", id));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task ExpiredResponses_AreSweptInTheBackground_WithoutARead(string kind)
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var redis = kind == "redis" ? await RedisServer.StartAsync() : null;
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:key-of-alice"));
        if (redis is not null)
        {
            env["AI_REDIS_URL"] = redis.Url;
        }

        var clock = new ManualClock();
        await using var gateway = await GatewayHost.StartAsync(env, new Dictionary<string, string?>
        {
            ["Gateway:Responses:TimeToLiveSeconds"] = "600",
            ["Gateway:Responses:SweepSeconds"] = "60",
        }, time: clock);
        var store = gateway.Services.GetRequiredService<IConversationStore>();
        if (redis is not null)
        {
            await WaitConnectedAsync(gateway);
        }

        await CreateAsync(gateway, new string('x', 100_000), previous: null);
        var one = await StoredBytesAsync(store);
        Assert.True(one > 100_000);

        // A response deleted through the API gives its bytes back at once.
        var second = await CreateAsync(gateway, new string('y', 50_000), previous: null);
        Assert.True(await StoredBytesAsync(store) > one + 50_000);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Delete, $"/v1/responses/{second}", "key-of-alice")).StatusCode);
        Assert.Equal(one, await StoredBytesAsync(store));

        clock.Advance(TimeSpan.FromSeconds(540));
        Assert.True(await StoredBytesAsync(store) > 100_000);
        clock.Advance(TimeSpan.FromSeconds(120));
        for (var i = 0; i < 200 && await StoredBytesAsync(store) > 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, await StoredBytesAsync(store));
    }

    [Fact]
    public async Task ContinuationWhoseHistoryPassesTheBodyLimit_Is413()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:key-of-alice")),
            new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = MiB.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var id = await CreateAsync(gateway, new string('x', 700 * 1024), previous: null);
        Assert.NotNull(await CreateAsync(gateway, "small", id));

        var request = SurfaceHttp.Post("/v1/responses", Body(new string('y', 400 * 1024), id), bearer: "key-of-alice");
        var (response, body) = await gateway.Client.ExchangeAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", Http.AssertOpenAIError(body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task KeysSharingAnOwner_DoNotReadEachOthersStoredResponses()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(("AI_CLIENT_KEYS", "static-key-one,static-key-two")));
        var (_, created) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/responses", Body("Secret plans.", null), bearer: "static-key-one"));
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Get, $"/v1/responses/{id}", "static-key-one")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Get, $"/v1/responses/{id}", "static-key-two")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(gateway, HttpMethod.Delete, $"/v1/responses/{id}", "static-key-two")).StatusCode);
        var (continued, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/responses", Body("Tell me.", id), bearer: "static-key-two"));
        Assert.Equal(HttpStatusCode.BadRequest, continued.StatusCode);
        Assert.Equal("previous_response_not_found", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Get, $"/v1/responses/{id}", "static-key-one")).StatusCode);
    }

    private static async Task<string> CreateAsync(GatewayHost gateway, string input, string? previous)
    {
        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/responses", Body(input, previous), bearer: "key-of-alice"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static string Body(string input, string? previous)
    {
        var text = new StringBuilder(input.Length + 100).Append("{\"model\":\"smart\",\"input\":").Append(JsonSerializer.Serialize(input));
        if (previous is not null)
        {
            text.Append(",\"previous_response_id\":\"").Append(previous).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static async Task<HttpResponseMessage> SendAsync(GatewayHost gateway, HttpMethod method, string path, string key)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", key);
        return await gateway.Client.SendAsync(request);
    }

    private static async Task<long> StoredBytesAsync(IConversationStore store) => store switch
    {
        InMemoryConversationStore memory => memory.StoredBytes,
        RedisConversationStore redis => await redis.StoredBytesAsync(),
        _ => throw new InvalidOperationException(store.GetType().Name),
    };

    private static async Task WaitConnectedAsync(GatewayHost gateway)
    {
        var redis = gateway.Services.GetRequiredService<Gateway.Redis.SharedRedis>();
        for (var i = 0; i < 200 && !redis.IsConnected; i++)
        {
            await Task.Delay(25);
        }
    }
}
