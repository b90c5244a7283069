using System.ClientModel;
using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Responses;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// Conversation state the gateway keeps for <c>/v1/responses</c> on chat providers: shared by two replicas through
/// one real redis-server (readable on the other replica the moment the first answered), kept per owner, and referred
/// to by <c>item_reference</c>; and the official OpenAI .NET client's Responses API against an Anthropic upstream.
/// </summary>
public sealed class ResponsesStateTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private readonly RedisServer _redis = fixture.Server;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        await _redis.ResetAsync();
    }

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task PreviousResponseId_CreatedOnOneReplica_ContinuesOnTheOther_AtOnce()
    {
        await using var first = await GatewayHost.StartAsync(_upstreams.Environment(("AI_REDIS_URL", _redis.Url)));
        await using var second = await GatewayHost.StartAsync(_upstreams.Environment(("AI_REDIS_URL", _redis.Url)));
        await WaitConnectedAsync(first);
        await WaitConnectedAsync(second);

        for (var turn = 0; turn < 3; turn++)
        {
            var (_, created) = await first.Client.ExchangeAsync(SurfaceHttp.Responses($"Remember {turn}.", stream: turn % 2 == 1));
            var id = turn % 2 == 1
                ? SurfaceHttp.Events(created).Last().Data!.Value.GetProperty("response").GetProperty("id").GetString()!
                : JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;

            var (response, _) = await second.Client.ExchangeAsync(SurfaceHttp.Responses("And now?", extra: $$""","previous_response_id":"{{id}}" """));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var sent = JsonDocument.Parse(_upstreams["a"].Received[^1].Body).RootElement.GetProperty("messages");
            Assert.Contains($"Remember {turn}.", sent.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StoredResponses_AreTheOwnersOnly()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:key-of-alice,owner:bob:key-of-bob")));
        var create = SurfaceHttp.Responses();
        create.Headers.Authorization = new("Bearer", "key-of-alice");
        var (_, created) = await gateway.Client.ExchangeAsync(create);
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;

        var asBob = new HttpRequestMessage(HttpMethod.Get, $"/v1/responses/{id}");
        asBob.Headers.Authorization = new("Bearer", "key-of-bob");
        var asAlice = new HttpRequestMessage(HttpMethod.Get, $"/v1/responses/{id}");
        asAlice.Headers.Authorization = new("Bearer", "key-of-alice");

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.SendAsync(asBob)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(asAlice)).StatusCode);
    }

    [Fact]
    public async Task ItemReference_IsReplacedByTheStoredItem()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());
        var (_, created) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses("Tell me a story."));
        var itemId = JsonDocument.Parse(created).RootElement.GetProperty("output")[0].GetProperty("id").GetString()!;

        var (response, _) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/responses", $$"""
            {"model":"smart","input":[{"role":"user","content":"Tell me a story."},{"type":"item_reference","id":"{{itemId}}"},{"role":"user","content":"Another."}]}
            """));
        var (unknown, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/responses", """
            {"model":"smart","input":[{"type":"item_reference","id":"msg_unknown"}]}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = JsonDocument.Parse(_upstreams["a"].Received[1].Body).RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("Hello from a.", messages[1].GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("item_not_found", Http.AssertOpenAIError(body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task OfficialDotNetClient_ResponsesApi_OnAnAnthropicProvider()
    {
        await using var claude = await Gateway.FakeUpstream.FakeUpstreamServer.StartAsync("claude");
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_ANTHROPIC_URL"] = claude.Root,
            ["AI_ANTHROPIC_KEY"] = "sk-ant-secret",
            ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
        });
#pragma warning disable OPENAI001 // the Responses client is marked experimental in OpenAI 2.15.0
        var client = new ResponsesClient(new ApiKeyCredential("unused"), new ResponsesClientOptions { Endpoint = new Uri(gateway.Root + "/v1") });

        var options = new CreateResponseOptions { Model = "smart", Instructions = "Be brief." };
        options.InputItems.Add(ResponseItem.CreateUserMessageItem("Hi"));
        ResponseResult response = await client.CreateResponseAsync(options);
        var streamed = new List<string>();
        var streaming = new CreateResponseOptions { Model = "smart", StreamingEnabled = true };
        streaming.InputItems.Add(ResponseItem.CreateUserMessageItem("Hi"));
        await foreach (var update in await client.CreateResponseStreamingAsync(streaming))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                streamed.Add(delta.Delta);
            }
        }
#pragma warning restore OPENAI001

        Assert.Contains("Hello from claude.", response.GetOutputText(), StringComparison.Ordinal);
        Assert.Contains("Hello from claude.", string.Concat(streamed), StringComparison.Ordinal);
        Assert.Equal("/v1/messages", claude.Received[0].Path);
        Assert.Equal("Be brief.", JsonDocument.Parse(claude.Received[0].Body).RootElement.GetProperty("system").GetString());
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
