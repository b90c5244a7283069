using System.Text.Json;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The fake's Anthropic Messages API beyond plain text, in Anthropic's exact JSON and event shapes.</summary>
public sealed class FakeAnthropicTests : IAsyncLifetime
{
    private const string Tools = """
        "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":2}},"required":["city","days"]}},
        {"name":"get_time","input_schema":{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}}]
        """;

    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("claude");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Url => _fake.BaseUrl + "/messages";

    private static string Request(string user, string extra = "") =>
        $$"""{"model":"c","max_tokens":100,"messages":[{"role":"user","content":{{JsonSerializer.Serialize(user)}}}]{{extra}}}""";

    [Fact]
    public async Task ToolsAndBoth_Json_AnswersParallelToolUseBlocks()
    {
        var body = await FakeCalls.JsonAsync(Url, Request("Weather and time, both", "," + Tools));

        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        var content = body.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text", "tool_use", "tool_use"], content.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(("toolu_01", "get_weather", """{"city":"Paris","days":2}"""), (content[1].GetProperty("id").GetString(), content[1].GetProperty("name").GetString(), content[1].GetProperty("input").GetRawText()));
        Assert.Equal(("toolu_02", "get_time"), (content[2].GetProperty("id").GetString(), content[2].GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData(""","tool_choice":{"type":"tool","name":"get_time"}""", "get_time")]
    [InlineData(""","tool_choice":{"type":"auto","disable_parallel_tool_use":true}""", "get_weather")]
    [InlineData(""","tool_choice":{"type":"none"}""", null)]
    public async Task ToolChoice_IsHonoured(string choice, string? expected)
    {
        var body = await FakeCalls.JsonAsync(Url, Request("both", "," + Tools + choice));

        var names = body.GetProperty("content").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "tool_use").Select(b => b.GetProperty("name").GetString());
        Assert.Equal(expected is null ? [] : [expected], names);
    }

    [Fact]
    public async Task Tools_Stream_SendsToolUseBlocksWithInputInKeyValuePieces()
    {
        var events = await FakeCalls.StreamAsync(Url, Request("both", "," + Tools + ""","stream":true"""));

        Assert.All(events, e => Assert.Equal(e.Name, e.Json.GetProperty("type").GetString()));
        var starts = events.Where(e => e.Name == "content_block_start").Select(e => e.Json).ToList();
        Assert.Equal([(0, "text"), (1, "tool_use"), (2, "tool_use")], starts.Select(s => (s.GetProperty("index").GetInt32(), s.GetProperty("content_block").GetProperty("type").GetString())));
        Assert.Equal("{}", starts[1].GetProperty("content_block").GetProperty("input").GetRawText());
        var pieces = events.Where(e => e.Name == "content_block_delta" && e.Json.GetProperty("index").GetInt32() == 1)
            .Select(e => e.Json.GetProperty("delta")).Select(d => (d.GetProperty("type").GetString(), d.GetProperty("partial_json").GetString())).ToList();
        Assert.Equal([("input_json_delta", """{"city": """), ("input_json_delta", "\"Paris\", \"days\": "), ("input_json_delta", "2}")], pieces);
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Json.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public async Task Thinking_Json_PutsASignedThinkingBlockFirst()
    {
        var body = await FakeCalls.JsonAsync(Url, Request("Hi", ""","thinking":{"type":"enabled","budget_tokens":1024}"""));

        var thinking = body.GetProperty("content")[0];
        Assert.Equal(("thinking", "Let me think step by step.", FakeUpstreamServer.ThinkingSignature),
            (thinking.GetProperty("type").GetString(), thinking.GetProperty("thinking").GetString(), thinking.GetProperty("signature").GetString()));
        Assert.Equal("Hello from claude. token1 token2", body.GetProperty("content")[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Thinking_Stream_SendsThinkingDeltasThenOneSignatureDeltaBeforeTheText()
    {
        var events = await FakeCalls.StreamAsync(Url, Request("Hi", ""","stream":true,"thinking":{"type":"enabled","budget_tokens":1024}"""));

        var blocks = events.Where(e => e.Name is "content_block_start" or "content_block_delta" or "content_block_stop").Select(e => e.Json).Select(j => j.GetProperty("type").GetString() switch
        {
            "content_block_start" => $"start {j.GetProperty("index")} {j.GetProperty("content_block").GetRawText()}",
            "content_block_delta" => $"delta {j.GetProperty("index")} {j.GetProperty("delta").GetRawText()}",
            _ => $"stop {j.GetProperty("index")}",
        });
        Assert.Equal(
        [
            """start 0 {"type":"thinking","thinking":""}""",
            """delta 0 {"type":"thinking_delta","thinking":"Let me think"}""",
            """delta 0 {"type":"thinking_delta","thinking":" step by step."}""",
            $$"""delta 0 {"type":"signature_delta","signature":"{{FakeUpstreamServer.ThinkingSignature}}"}""",
            "stop 0",
            """start 1 {"type":"text","text":""}""",
            """delta 1 {"type":"text_delta","text":"Hello from claude."}""",
            """delta 1 {"type":"text_delta","text":" token1"}""",
            """delta 1 {"type":"text_delta","text":" token2"}""",
            "stop 1",
        ], blocks);
    }

    [Theory]
    [InlineData(""","output_format":{"type":"json_schema","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}""", false)]
    [InlineData(""","output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}}""", true)]
    public async Task StructuredOutput_TextIsAnExampleOfTheSchema(string format, bool stream)
    {
        var text = stream
            ? string.Concat((await FakeCalls.StreamAsync(Url, Request("Count", format + ""","stream":true"""))).Where(e => e.Name == "content_block_delta")
                .Select(e => e.Json.GetProperty("delta").GetProperty("text").GetString()))
            : (await FakeCalls.JsonAsync(Url, Request("Count", format))).GetProperty("content")[0].GetProperty("text").GetString();

        Assert.Equal("""{"n":1}""", text);
    }
}
