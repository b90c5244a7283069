using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// <c>/v1/responses</c> over real sockets: translated to chat completions for OpenAI-compatible and Anthropic
/// providers, passed through to a provider that serves the Responses API, conversation state kept by the gateway,
/// failover as for chat. Provider "a" is primary, "b" second.
/// </summary>
public sealed class ResponsesTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(params (string, string)[] extra) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), .. extra]));

    [Fact]
    public async Task Create_OnAChatProvider_IsTranslatedBothWays()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(extra: ""","instructions":"Be brief.","max_output_tokens":50"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(("response", "completed"), (root.GetProperty("object").GetString(), root.GetProperty("status").GetString()));
        Assert.StartsWith("resp_", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        var message = root.GetProperty("output").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "message");
        Assert.Contains("Hello from a.", message.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("usage").GetProperty("input_tokens").GetInt64() > 0);
        var received = _upstreams["a"].Received.Single();
        Assert.Equal("/v1/chat/completions", received.Path);
        using var sent = JsonDocument.Parse(received.Body);
        Assert.Equal("a-smart", sent.RootElement.GetProperty("model").GetString());
        var messages = sent.RootElement.GetProperty("messages");
        Assert.Equal(("system", "Be brief."), (messages[0].GetProperty("role").GetString(), messages[0].GetProperty("content").GetString()));
        Assert.Equal(("a", "a-smart"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model")));
    }

    [Fact]
    public async Task Stream_OnAChatProvider_IsAResponsesEventStream_WithUsage()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var types = SurfaceHttp.Types(body);
        Assert.Equal("response.created", types[0]);
        Assert.Equal("response.completed", types[^1]);
        Assert.Contains("response.output_text.delta", types);
        var events = SurfaceHttp.Events(body);
        var text = string.Concat(events.Where(e => e.Data?.GetProperty("type").GetString() == "response.output_text.delta").Select(e => e.Data!.Value.GetProperty("delta").GetString()));
        Assert.Contains("Hello from a.", text, StringComparison.Ordinal);
        var completed = events[^1].Data!.Value.GetProperty("response");
        Assert.True(completed.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0);
        Assert.True(JsonDocument.Parse(_upstreams["a"].Received.Single().Body).RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task PreviousResponseId_SendsTheEarlierTurns_AndGetAndDeleteServeTheStoredResponse()
    {
        await using var gateway = await StartGatewayAsync();
        var (_, first) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses("My name is Ada."));
        var id = JsonDocument.Parse(first).RootElement.GetProperty("id").GetString()!;

        var (response, _) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses("What is my name?", extra: $$""","previous_response_id":"{{id}}","instructions":"Second only." """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = JsonDocument.Parse(_upstreams["a"].Received[1].Body).RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Second only.", messages[0].GetProperty("content").GetString());
        Assert.Contains("Ada", messages[1].GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Hello from a.", messages[2].GetRawText(), StringComparison.Ordinal);

        var (got, stored) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/responses/{id}"));
        Assert.Equal((HttpStatusCode.OK, id), (got.StatusCode, JsonDocument.Parse(stored).RootElement.GetProperty("id").GetString()));
        var (deleted, deletedBody) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/responses/{id}"));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(JsonDocument.Parse(deletedBody).RootElement.GetProperty("deleted").GetBoolean());
        var (gone, goneBody) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/responses/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Http.AssertOpenAIError(goneBody);
    }

    [Fact]
    public async Task StoreFalse_KeepsNothing()
    {
        await using var gateway = await StartGatewayAsync();
        var (_, first) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(extra: ""","store":false"""));
        var id = JsonDocument.Parse(first).RootElement.GetProperty("id").GetString()!;

        var (response, _) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/responses/{id}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPreviousResponseId_WithNoProviderKeepingResponses_Is400()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(extra: ""","previous_response_id":"resp_nope" """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("previous_response_not_found", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Empty(_upstreams["a"].Received);
    }

    public static TheoryData<int, bool> Faults => new() { { 500, false }, { 429, false }, { 500, true }, { 503, true } };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Status_FromPrimary_FailsOverToSecondary(int status, bool stream)
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(status, status == 429 ? "1" : null));
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(stream: stream));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamThatErrorsBeforeItsFirstEvent_FailsOverInvisibly()
    {
        _upstreams["a"].Script(FakeResponse.WithFault(FakeFault.ErrorEventBeforeFirstToken));
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(stream: true));

        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.DoesNotContain("error", SurfaceHttp.Types(body));
        Assert.Equal("response.completed", SurfaceHttp.Types(body)[^1]);
    }

    [Fact]
    public async Task StreamCutAfterItsFirstToken_EndsWithAnErrorEvent_NotACompletedOne()
    {
        _upstreams["a"].Script(FakeResponse.WithFault(FakeFault.BreakAfterChunks));
        await using var gateway = await StartGatewayAsync();

        var (_, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(stream: true));

        var types = SurfaceHttp.Types(body);
        Assert.Equal("error", types[^1]);
        Assert.DoesNotContain("response.completed", types);
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_OnAProviderServingTheResponsesApi_PassesThrough(bool stream)
    {
        await using var gateway = await StartGatewayAsync(("AI_A_RESPONSES", "true"));

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(stream: stream, extra: ""","instructions":"Be brief." """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _upstreams["a"].Received.Single();
        Assert.Equal("/v1/responses", received.Path);
        using var sent = JsonDocument.Parse(received.Body);
        Assert.Equal(("a-smart", "Be brief.", "Hi"), (sent.RootElement.GetProperty("model").GetString(), sent.RootElement.GetProperty("instructions").GetString(), sent.RootElement.GetProperty("input").GetString()));
        Assert.Contains("Hello from a.", body, StringComparison.Ordinal);
        if (stream)
        {
            Assert.Equal("response.completed", SurfaceHttp.Types(body)[^1]);
        }
    }

    [Fact]
    public async Task PreviousResponseId_TheGatewayDoesNotHold_GoesToTheNativeProviderOnly()
    {
        await using var gateway = await StartGatewayAsync(("AI_B_RESPONSES", "true"));
        var (_, created) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(model: "b/b-smart"));
        var nativeId = JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Responses(extra: $$""","previous_response_id":"{{nativeId}}" """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b", response.Header("x-gateway-provider"));
        Assert.Contains("earlier items", body, StringComparison.Ordinal);
        Assert.Empty(_upstreams["a"].Received);
    }
}
