using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The fake's Responses API: the response object, stored responses and previous_response_id, in OpenAI's exact shapes.</summary>
public sealed class FakeResponsesTests : IAsyncLifetime
{
    internal const string Weather = """{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""";

    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Url => _fake.BaseUrl + "/responses";

    [Fact]
    public async Task Create_Json_IsACompletedResponseWithOneMessage()
    {
        var body = await FakeCalls.JsonAsync(Url, """{"model":"gpt-x","input":"Hi","instructions":"Be brief.","metadata":{"k":"v"}}""");

        Assert.Equal(("resp_a0001", "response", "completed", "gpt-x"), (body.GetProperty("id").GetString(), body.GetProperty("object").GetString(), body.GetProperty("status").GetString(), body.GetProperty("model").GetString()));
        Assert.Equal(("Be brief.", "v", "text"), (body.GetProperty("instructions").GetString(), body.GetProperty("metadata").GetProperty("k").GetString(), body.GetProperty("text").GetProperty("format").GetProperty("type").GetString()));
        var message = Assert.Single(body.GetProperty("output").EnumerateArray());
        Assert.Equal(("msg_a0001", "message", "completed", "assistant"), (message.GetProperty("id").GetString(), message.GetProperty("type").GetString(), message.GetProperty("status").GetString(), message.GetProperty("role").GetString()));
        var part = Assert.Single(message.GetProperty("content").EnumerateArray());
        Assert.Equal(("output_text", "Hello from a. token1 token2", 0), (part.GetProperty("type").GetString(), part.GetProperty("text").GetString(), part.GetProperty("annotations").GetArrayLength()));
        Assert.Equal("""{"input_tokens":5,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":8}""", body.GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Tools_Json_AnswersFunctionCallItems()
    {
        var body = await FakeCalls.JsonAsync(Url, $$"""{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Weather?"}]}],"tools":[{{Weather}}]}""");

        var call = Assert.Single(body.GetProperty("output").EnumerateArray());
        Assert.Equal(("function_call", "fc_a0001_1", "call_a0001_01", "get_weather", """{"city":"Paris"}""", "completed"), (call.GetProperty("type").GetString(), call.GetProperty("id").GetString(),
            call.GetProperty("call_id").GetString(), call.GetProperty("name").GetString(), call.GetProperty("arguments").GetString(), call.GetProperty("status").GetString()));
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task JsonSchemaFormat_OutputTextIsAnExampleOfTheSchema()
    {
        var body = await FakeCalls.JsonAsync(Url, """{"model":"m","input":"A city","text":{"format":{"type":"json_schema","name":"city","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}""");

        Assert.Equal("""{"name":"Paris"}""", body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task PreviousResponseId_ContinuesTheConversation_AndCountsEarlierItems()
    {
        var first = await FakeCalls.JsonAsync(Url, """{"model":"m","input":"Hi"}""");
        var second = await FakeCalls.JsonAsync(Url, $$"""{"model":"m","input":"And again?","previous_response_id":"{{first.GetProperty("id").GetString()}}"}""");
        var third = await FakeCalls.JsonAsync(Url, $$"""{"model":"m","input":"Once more","previous_response_id":"{{second.GetProperty("id").GetString()}}"}""");

        // Earlier items: first turn (input + output) = 2; then + second turn = 4.
        Assert.Equal("Hello from a. I see 2 earlier items. token1 token2", OutputText(second));
        Assert.Equal("Hello from a. I see 4 earlier items. token1 token2", OutputText(third));
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("previous_response_id").GetString());

        // The same history sent by the client itself counts the same.
        var manual = await FakeCalls.JsonAsync(Url, """{"model":"m","input":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"And again?"}]}""");
        Assert.Equal(OutputText(second), OutputText(manual));
    }

    [Fact]
    public async Task UnknownPreviousResponseId_Is400PreviousResponseNotFound()
    {
        var (response, body) = await FakeCalls.PostAsync(Url, """{"model":"m","input":"Hi","previous_response_id":"resp_nope"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"error":{"message":"Previous response with id 'resp_nope' not found.","type":"invalid_request_error","param":"previous_response_id","code":"previous_response_not_found"}}""", body);
    }

    [Fact]
    public async Task FunctionCallOutput_IsQuotedInTheAnswer()
    {
        var call = await FakeCalls.JsonAsync(Url, $$"""{"model":"m","input":"Weather?","tools":[{{Weather}}]}""");
        var callId = call.GetProperty("output")[0].GetProperty("call_id").GetString();

        var answer = await FakeCalls.JsonAsync(Url, $$"""{"model":"m","previous_response_id":"{{call.GetProperty("id").GetString()}}","tools":[{{Weather}}],"input":[{"type":"function_call_output","call_id":"{{callId}}","output":"18 degrees"}]}""");

        Assert.Equal("The tool said: 18 degrees", OutputText(answer));
    }

    [Theory]
    [InlineData("/v1/responses")]
    [InlineData("/openai/v1/responses")]
    [InlineData("/openai/responses")]
    public async Task GetAndDelete_ServeStoredResponses(string path)
    {
        var created = await FakeCalls.JsonAsync(_fake.Root + path, """{"model":"m","input":"Hi"}""");
        var id = created.GetProperty("id").GetString()!;

        var (got, gotBody) = await FakeCalls.SendAsync(HttpMethod.Get, $"{_fake.Root}{path}/{id}");
        var (deleted, deletedBody) = await FakeCalls.SendAsync(HttpMethod.Delete, $"{_fake.Root}{path}/{id}");
        var (again, againBody) = await FakeCalls.SendAsync(HttpMethod.Get, $"{_fake.Root}{path}/{id}");

        Assert.Equal((HttpStatusCode.OK, created.GetRawText()), (got.StatusCode, gotBody));
        Assert.Equal((HttpStatusCode.OK, $$"""{"id":"{{id}}","object":"response","deleted":true}"""), (deleted.StatusCode, deletedBody));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal($"Response with id '{id}' not found.", JsonDocument.Parse(againBody).RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(["POST", "GET", "DELETE", "GET"], _fake.Received.Select(r => r.Method));
    }

    [Fact]
    public async Task StoreFalse_IsNotKept()
    {
        var created = await FakeCalls.JsonAsync(Url, """{"model":"m","input":"Hi","store":false}""");

        var (got, _) = await FakeCalls.SendAsync(HttpMethod.Get, $"{Url}/{created.GetProperty("id").GetString()}");

        Assert.False(created.GetProperty("store").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, got.StatusCode);
        Assert.Empty(_fake.StoredResponseIds);
    }

    internal static string? OutputText(JsonElement response) =>
        string.Concat(response.GetProperty("output").EnumerateArray().Where(i => i.GetProperty("type").GetString() == "message")
            .SelectMany(i => i.GetProperty("content").EnumerateArray()).Select(p => p.GetProperty("text").GetString()));
}
