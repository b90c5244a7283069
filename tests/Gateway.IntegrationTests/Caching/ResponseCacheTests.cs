using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Caching;

/// <summary>
/// The exact response cache in memory, over real sockets: a whole answer and a stream replayed with no upstream
/// request, never across owners, and the requests and answers it must not keep.
/// </summary>
public sealed class ResponseCacheTests(ITestOutputHelper output) : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private GatewayHost _gateway = null!;

    private FakeUpstreamServer Alpha => _upstreams["alpha"];

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("alpha");
        var env = _upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:client-secret,owner:alice:alice-second,owner:bob:bob-secret,owner:carol:carol-secret"));
        _gateway = await GatewayHost.StartAsync(env, new Dictionary<string, string?>
        {
            ["Gateway:Cache:Owners:0"] = "alice",
            ["Gateway:Cache:Owners:1"] = "bob",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    [Fact]
    public async Task Answer_AskedTwice_SecondIsReplayedByteForByteWithoutAnUpstreamRequest()
    {
        var (first, firstBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat());
        var (second, secondBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat());

        Assert.Equal((200, "miss"), ((int)first.StatusCode, first.Header("x-gateway-cache")));
        Assert.Equal((200, "hit", "cache"), ((int)second.StatusCode, second.Header("x-gateway-cache"), second.Header("x-gateway-provider")));
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Header("x-gateway-model"), second.Header("x-gateway-model"));
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, Alpha.RequestCount);

        // The same request written another way (property order, spacing) is the same request.
        using var reordered = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{ "temperature": 0, "stream": false, "messages": [ { "content": "Hi", "role": "user" } ], "model": "smart" }""", System.Text.Encoding.UTF8, "application/json"),
        };
        reordered.Headers.Authorization = new("Bearer", "alice-second");
        var (third, thirdBody) = await _gateway.Client.ExchangeAsync(reordered);
        Assert.Equal("hit", third.Header("x-gateway-cache"));
        Assert.Equal(firstBody, thirdBody);
        Assert.Equal(1, Alpha.RequestCount);

        var metrics = await MetricsText.ScrapeAsync(_gateway.Client);
        Assert.Equal(2, metrics["gateway_cache_requests_total{result=\"hit\"}"]);
        Assert.Equal(1, metrics["gateway_cache_requests_total{result=\"miss\"}"]);
    }

    [Fact]
    public async Task Stream_AskedTwice_SecondIsReplayedAsTheSameStream()
    {
        Alpha.Default = new FakeResponse { Chunks = 4, ChunkDelay = TimeSpan.FromMilliseconds(20) };
        var (first, firstBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(stream: true));
        var (second, secondBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(stream: true));
        output.WriteLine(secondBody);

        Assert.Equal("miss", first.Header("x-gateway-cache"));
        Assert.Equal("hit", second.Header("x-gateway-cache"));
        Assert.Equal("text/event-stream", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(firstBody, secondBody);
        Assert.EndsWith("data: [DONE]\n\n", secondBody, StringComparison.Ordinal);
        Assert.Equal(1, Alpha.RequestCount);

        // A stream and a whole answer are different bytes: kept apart.
        var (plain, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(stream: false));
        Assert.Equal("miss", plain.Header("x-gateway-cache"));
        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task Embeddings_AskedTwice_SecondIsAHit()
    {
        var (first, firstBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Embeddings());
        var (second, secondBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Embeddings());

        Assert.Equal((200, "miss"), ((int)first.StatusCode, first.Header("x-gateway-cache")));
        Assert.Equal((200, "hit"), ((int)second.StatusCode, second.Header("x-gateway-cache")));
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(1, Alpha.RequestCount);
    }

    [Fact]
    public async Task SameRequest_KeysOfTwoOwners_EachOwnerGetsItsOwnAnswerFromUpstream()
    {
        var (alice, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "client-secret"));
        var (bob, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "bob-secret"));

        Assert.Equal(("miss", "miss"), (alice.Header("x-gateway-cache"), bob.Header("x-gateway-cache")));
        Assert.Equal(2, Alpha.RequestCount);

        var (aliceAgain, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "client-secret"));
        var (bobAgain, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "bob-secret"));
        Assert.Equal(("hit", "hit"), (aliceAgain.Header("x-gateway-cache"), bobAgain.Header("x-gateway-cache")));
        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task OwnerNotOptedIn_NoCacheAndNoHeader_UnlessTheRequestAsks()
    {
        var (first, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "carol-secret"));
        var (second, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "carol-secret"));
        Assert.Equal(("", ""), (first.Header("x-gateway-cache"), second.Header("x-gateway-cache")));
        Assert.Equal(2, Alpha.RequestCount);

        var (asked, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "carol-secret", cache: "on"));
        var (askedAgain, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(bearer: "carol-secret", cache: "on"));
        Assert.Equal(("miss", "hit"), (asked.Header("x-gateway-cache"), askedAgain.Header("x-gateway-cache")));
        Assert.Equal(3, Alpha.RequestCount);
    }

    [Theory]
    [InlineData("\"temperature\":0.7", null, null)]
    [InlineData("", null, null)] // no temperature: the provider's default (1)
    [InlineData("\"temperature\":0,\"n\":2", null, null)]
    [InlineData(CacheRequests.Deterministic, "off", null)]
    [InlineData(CacheRequests.Deterministic, null, "no-cache")]
    [InlineData(CacheRequests.Deterministic, null, "no-store")]
    public async Task Request_SamplingOrBypassed_IsSkippedEveryTime(string extra, string? cache, string? cacheControl)
    {
        for (var i = 0; i < 2; i++)
        {
            var (response, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(extra, cache: cache, cacheControl: cacheControl));
            Assert.Equal((200, "skip"), ((int)response.StatusCode, response.Header("x-gateway-cache")));
        }

        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task Request_SamplingButAskedOn_IsKept()
    {
        var (first, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat("\"temperature\":0.9", cache: "on"));
        var (second, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat("\"temperature\":0.9", cache: "ON"));

        Assert.Equal(("miss", "hit"), (first.Header("x-gateway-cache"), second.Header("x-gateway-cache")));
        Assert.Equal(1, Alpha.RequestCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answer_WithAToolCall_IsNotKept(bool stream)
    {
        const string Tools = CacheRequests.Deterministic + ""","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
        for (var i = 0; i < 2; i++)
        {
            var (response, body) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(Tools, stream));
            Assert.Equal((200, "miss"), ((int)response.StatusCode, response.Header("x-gateway-cache")));
            Assert.Contains("get_weather", body, StringComparison.Ordinal);
        }

        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task ErrorAnswer_IsNotKept()
    {
        Alpha.Script(FakeResponse.WithStatus(400));
        var (failed, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat());
        var (served, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat());
        var (hit, _) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat());

        Assert.Equal((400, "miss"), ((int)failed.StatusCode, failed.Header("x-gateway-cache")));
        Assert.Equal((200, "miss"), ((int)served.StatusCode, served.Header("x-gateway-cache")));
        Assert.Equal((200, "hit"), ((int)hit.StatusCode, hit.Header("x-gateway-cache")));
        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task BrokenStream_IsNotKept()
    {
        Alpha.Script(new FakeResponse { Chunks = 4, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 2 }, FakeResponse.Ok);
        var (broken, brokenBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(stream: true));
        output.WriteLine(brokenBody);
        var (again, againBody) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(stream: true));

        Assert.Equal("miss", broken.Header("x-gateway-cache"));
        Assert.Equal("miss", again.Header("x-gateway-cache"));
        Assert.EndsWith("data: [DONE]\n\n", againBody, StringComparison.Ordinal);
        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task CacheHeader_NeitherOnNorOff_Is400()
    {
        var (response, body) = await _gateway.Client.ExchangeAsync(CacheRequests.Chat(cache: "maybe"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("invalid_cache_header", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal(0, Alpha.RequestCount);
    }
}
