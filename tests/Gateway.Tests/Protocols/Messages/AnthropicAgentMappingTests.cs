using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;
using Gateway.Providers.Anthropic;

namespace Gateway.Tests.Protocols.Messages;

/// <summary>Reasoning effort as extended thinking and thinking back as reasoning, and web search as Anthropic's server tool.</summary>
public sealed class AnthropicAgentMappingTests
{
    private static (JsonElement Request, List<string> Dropped) Map(string chat)
    {
        var mapper = new AnthropicRequestMapper(4096);
        var body = mapper.Map(Encoding.UTF8.GetBytes(chat), "claude-x", stream: false);
        return (JsonDocument.Parse(body).RootElement, mapper.Dropped);
    }

    [Theory]
    [InlineData("minimal", 1024)]
    [InlineData("low", 4096)]
    [InlineData("medium", 16384)]
    [InlineData("high", 32000)]
    [InlineData("xhigh", 32000)]
    public void Map_ReasoningEffortWithoutABound_ThinksWithTheBudget_AndRoomToAnswer(string effort, int budget)
    {
        var (request, dropped) = Map($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"{{effort}}","temperature":0.2}""");

        Assert.Equal($$"""{"type":"enabled","budget_tokens":{{budget}}}""", request.GetProperty("thinking").GetRawText());
        Assert.Equal(budget + 4096, request.GetProperty("max_tokens").GetInt32());
        Assert.False(request.TryGetProperty("temperature", out _));
        Assert.Equal(["temperature"], dropped);
    }

    [Fact]
    public void Map_ReasoningEffortWithAClientBound_ShrinksTheBudgetBelowIt()
    {
        var (request, _) = Map("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"high","max_tokens":8000}""");

        Assert.Equal(8000, request.GetProperty("max_tokens").GetInt32());
        Assert.Equal(7999, request.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"low","max_tokens":500}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}],"reasoning_effort":"low"}""")]
    public void Map_ReasoningEffortThatCannotBeHonoured_IsDroppedAndSaid(string chat)
    {
        var (request, dropped) = Map(chat);

        Assert.False(request.TryGetProperty("thinking", out _));
        Assert.Equal(["reasoning_effort"], dropped);
    }

    [Fact]
    public void Map_NoOrNoneEffort_NoThinking()
    {
        Assert.False(Map("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""").Request.TryGetProperty("thinking", out _));
        Assert.False(Map("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""").Request.TryGetProperty("thinking", out _));
    }

    [Fact]
    public void Map_WebSearchBuiltIn_IsAnthropicsServerTool()
    {
        var (request, _) = Map("""
            {"model":"m","messages":[{"role":"user","content":"news?"}],"tools":[
              {"type":"function","function":{"name":"f","parameters":{"type":"object"}}},
              {"type":"web_search","web_search":{"type":"web_search","filters":{"allowed_domains":["example.com"]},"search_context_size":"high",
                "user_location":{"type":"approximate","city":"Paris","country":"FR","extra":"x"}}}]}
            """);

        Assert.Equal(
            """{"type":"web_search_20250305","name":"web_search","allowed_domains":["example.com"],"user_location":{"type":"approximate","city":"Paris","country":"FR"}}""",
            request.GetProperty("tools")[1].GetRawText());
        Assert.True(AnthropicTools.ServesBuiltIn("web_search"));
        Assert.False(AnthropicTools.ServesBuiltIn("local_shell"));
    }

    [Fact]
    public void MapResponse_Thinking_IsReasoningContent_ServerToolBlocksLeftOut()
    {
        var chat = AnthropicResponseMapper.Map("""
            {"id":"msg_1","model":"claude-x","stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":7},"content":[
              {"type":"thinking","thinking":"Search first.","signature":"sig"},
              {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"news"}},
              {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
              {"type":"text","text":"Here is the news."}]}
            """u8, 1700000000);
        var message = JsonDocument.Parse(chat).RootElement.GetProperty("choices")[0].GetProperty("message");

        Assert.Equal("""{"role":"assistant","content":"Here is the news.","reasoning_content":"Search first."}""", message.GetRawText());
    }

    private const string ThinkingEvents =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Plan \\\"it\\\".\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"query\\\":\\\"x\\\"}\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"Done.\"}}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"input_tokens\":900,\"output_tokens\":12}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    [Fact]
    public void Stream_ThinkingDeltas_AreReasoningContent_AtEverySplitSize()
    {
        var bytes = Encoding.UTF8.GetBytes(ThinkingEvents);
        var whole = Feed(bytes, bytes.Length);

        var chunks = whole.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(c => c != "data: [DONE]")
            .Select(c => JsonDocument.Parse(c["data: ".Length..]).RootElement).ToList();
        Assert.Equal("Plan \"it\".", chunks[1].GetProperty("choices")[0].GetProperty("delta").GetProperty("reasoning_content").GetString());
        Assert.Equal("Done.", chunks[2].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        Assert.DoesNotContain("tool_calls", whole, StringComparison.Ordinal);
        Assert.Equal(900, chunks[^1].GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(whole, Feed(bytes, split));
        }
    }

    private static string Feed(byte[] bytes, int split)
    {
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1700000000));
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
