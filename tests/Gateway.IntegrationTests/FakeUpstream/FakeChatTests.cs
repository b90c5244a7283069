using System.Text.Json;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The fake's chat completions beyond plain text, in OpenAI's exact JSON and chunk shapes.</summary>
public sealed class FakeChatTests : IAsyncLifetime
{
    private const string Weather = """{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1}},"required":["city","days"]}}}""";
    private const string Time = """{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string","enum":["UTC","CET"]}},"required":["zone"]}}}""";

    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Url => _fake.BaseUrl + "/chat/completions";

    private static string Request(string user, string extra = "") =>
        $$"""{"model":"m","messages":[{"role":"user","content":{{JsonSerializer.Serialize(user)}}}]{{extra}}}""";

    [Fact]
    public async Task Tools_Json_AnswersOneToolCallWithArgumentsFromTheSchema()
    {
        var body = await FakeCalls.JsonAsync(Url, Request("Weather in Paris?", $$""","tools":[{{Weather}},{{Time}}]"""));

        var choice = body.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(("call_01", "function", "get_weather"), (call.GetProperty("id").GetString(), call.GetProperty("type").GetString(), call.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal("""{"city":"Paris","days":1}""", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal(5 + 1 + 3, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task TwoToolsAndBoth_Json_AnswersTwoParallelCalls()
    {
        var body = await FakeCalls.JsonAsync(Url, Request("Weather and time in Paris, both please", $$""","tools":[{{Weather}},{{Time}}]"""));

        var calls = body.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls");
        Assert.Equal(["call_01:get_weather", "call_02:get_time"], calls.EnumerateArray().Select(c => c.GetProperty("id").GetString() + ":" + c.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal("""{"zone":"UTC"}""", calls[1].GetProperty("function").GetProperty("arguments").GetString());
    }

    [Theory]
    [InlineData(""","parallel_tool_calls":false""", new[] { "get_weather" })]
    [InlineData(""","tool_choice":{"type":"function","function":{"name":"get_time"}}""", new[] { "get_time" })]
    [InlineData(""","tool_choice":"none" """, new string[0])]
    public async Task ToolChoiceAndParallelFlag_AreHonoured(string extra, string[] expected)
    {
        var body = await FakeCalls.JsonAsync(Url, Request("both please", $$""","tools":[{{Weather}},{{Time}}]{{extra.TrimEnd()}}"""));

        var message = body.GetProperty("choices")[0].GetProperty("message");
        var names = message.TryGetProperty("tool_calls", out var calls) ? calls.EnumerateArray().Select(c => c.GetProperty("function").GetProperty("name").GetString()).ToArray() : [];
        Assert.Equal(expected, names);
        Assert.Equal(expected.Length == 0 ? JsonValueKind.String : JsonValueKind.Null, message.GetProperty("content").ValueKind);
    }

    [Fact]
    public async Task Tools_Stream_SendsIdAndNameFirst_ThenArgumentsInPieces_PerCall()
    {
        var events = await FakeCalls.StreamAsync(Url, Request("both", $$""","stream":true,"stream_options":{"include_usage":true},"tools":[{{Weather}},{{Time}}]"""));

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        Assert.All(chunks, c => Assert.Equal(("chatcmpl-fake", "chat.completion.chunk"), (c.GetProperty("id").GetString(), c.GetProperty("object").GetString())));
        Assert.Equal(JsonValueKind.Null, chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").ValueKind);
        var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0]).ToList();
        Assert.Equal(8, deltas.Count);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], deltas.Select(d => d.GetProperty("index").GetInt32()));
        Assert.Equal(("call_01", "function", "get_weather", ""), (deltas[0].GetProperty("id").GetString(), deltas[0].GetProperty("type").GetString(),
            deltas[0].GetProperty("function").GetProperty("name").GetString(), deltas[0].GetProperty("function").GetProperty("arguments").GetString()));
        Assert.False(deltas[1].TryGetProperty("id", out _));
        Assert.Equal("""{"city":"Paris","days":1}""", string.Concat(deltas.Skip(1).Take(3).Select(d => d.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("""{"zone":"UTC"}""", string.Concat(deltas.Skip(5).Select(d => d.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(8, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolResults_AreQuotedInTheAnswer(bool stream)
    {
        var json = $$$"""
            {"model":"m","stream":{{{(stream ? "true" : "false")}}},"tools":[{{{Weather}}}],"messages":[{"role":"user","content":"Weather?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_01","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
            {"role":"tool","tool_call_id":"call_01","content":"18 degrees"},{"role":"tool","tool_call_id":"call_02","content":[{"type":"text","text":"noon"}]}]}
            """;

        var text = stream
            ? string.Concat((await FakeCalls.StreamAsync(Url, json)).SkipLast(1).Select(e => e.Json.GetProperty("choices")[0].GetProperty("delta"))
                .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : ""))
            : (await FakeCalls.JsonAsync(Url, json)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        Assert.Equal("The tool said: 18 degrees and noon", text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JsonSchemaFormat_ContentIsAnExampleOfTheSchema(bool stream)
    {
        const string Format = ""","response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"},"population":{"type":"integer"}},"required":["name","population"],"additionalProperties":false}}}""";

        var content = stream
            ? string.Concat((await FakeCalls.StreamAsync(Url, Request("A city", Format + ""","stream":true"""))).SkipLast(1)
                .Select(e => e.Json.GetProperty("choices")[0].GetProperty("delta")).Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : ""))
            : (await FakeCalls.JsonAsync(Url, Request("A city", Format))).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        Assert.Equal("""{"name":"Paris","population":1}""", content);
    }

    [Fact]
    public async Task JsonObjectFormat_ContentIsAJsonObject()
    {
        var body = await FakeCalls.JsonAsync(Url, Request("Hi", ""","response_format":{"type":"json_object"}"""));

        using var content = JsonDocument.Parse(body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!);
        Assert.Equal("Hello from a.", content.RootElement.GetProperty("answer").GetString());
    }
}
