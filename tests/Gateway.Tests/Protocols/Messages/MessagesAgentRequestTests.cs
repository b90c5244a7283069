using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Messages;

namespace Gateway.Tests.Protocols.Messages;

/// <summary>What Claude Code sends by default, both ways: to chat (kept or dropped), to Anthropic (system messages folded), the checks, the stream's usage.</summary>
public sealed class MessagesAgentRequestTests
{
    /// <summary>Claude Code's first request, cut down: betas' fields, thinking with a display, a deferred tool, a tool search tool, cache control.</summary>
    private const string ClaudeCodeRequest = """
        {"model":"claude-haiku-4-5","max_tokens":32000,
         "system":[{"type":"text","text":"You are Claude Code."},{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
         "messages":[
          {"role":"user","content":[{"type":"text","text":"<system-reminder>ctx</system-reminder>"},{"type":"text","text":"Read it.","cache_control":{"type":"ephemeral"}}]},
          {"role":"system","content":"The user switched to plan mode."},
          {"role":"assistant","content":[{"type":"thinking","thinking":"Use Read.","signature":"c2ln"},{"type":"redacted_thinking","data":"eHh4"},
            {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
            {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
            {"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"/a"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"hello","cache_control":{"type":"ephemeral"}}]},
          {"role":"system","content":[{"type":"text","text":"Reminder two."}]}],
         "tools":[{"name":"Read","description":"Reads","input_schema":{"type":"object"}},
          {"name":"Later","description":"Deferred","input_schema":{"type":"object"},"defer_loading":true},
          {"type":"tool_search_tool_regex_20251119","name":"tool_search_tool_regex"}],
         "metadata":{"user_id":"u1"},
         "thinking":{"type":"enabled","budget_tokens":31999,"display":"omitted"},
         "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
         "stream":true}
        """;

    [Fact]
    public void Map_ClaudeCodeRequest_KeepsSystemMessagesInPlace_AndTranslatesOrDropsTheRest()
    {
        var chat = Encoding.UTF8.GetString(MessagesRequestMapper.Map(Encoding.UTF8.GetBytes(ClaudeCodeRequest), "gpt-x", stream: true));

        Assert.Equal(
            """{"model":"gpt-x","messages":[{"role":"system","content":"You are Claude Code.\n\nBe brief."},"""
            + """{"role":"user","content":"<system-reminder>ctx</system-reminder>\n\nRead it."},{"role":"system","content":"The user switched to plan mode."},"""
            + """{"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"/a\"}"}}]},"""
            + """{"role":"tool","tool_call_id":"toolu_1","content":"hello"},{"role":"system","content":"Reminder two."}],"""
            + """ "max_tokens":32000,"tools":[{"type":"function","function":{"name":"Read","description":"Reads","parameters":{"type":"object"}}},""".TrimStart()
            + """{"type":"function","function":{"name":"Later","description":"Deferred","parameters":{"type":"object"}}}],"user":"u1","""
            + """ "reasoning_effort":"high","stream":true,"stream_options":{"include_usage":true}}""".TrimStart(),
            chat);
    }

    [Fact]
    public void Map_UnknownRole_IsStillRefused()
    {
        var error = Assert.Throws<Gateway.Protocols.TranslationException>(() =>
            MessagesRequestMapper.Map("""{"model":"m","max_tokens":5,"messages":[{"role":"tool","content":"x"}]}"""u8, "gpt-x", false));
        Assert.Contains("'user', 'assistant' or 'system'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_SystemMessages_JoinSystemInOrder_ForAnAnthropicProvider()
    {
        var folded = MessagesSystemFold.Fold(Encoding.UTF8.GetBytes(ClaudeCodeRequest));

        Assert.NotNull(folded);
        var root = JsonDocument.Parse(folded).RootElement;
        Assert.Equal(
            """[{"type":"text","text":"You are Claude Code."},{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}},"""
            + """{"type":"text","text":"The user switched to plan mode."},{"type":"text","text":"Reminder two."}]""",
            root.GetProperty("system").GetRawText());
        Assert.Equal(["user", "assistant", "user"], root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        // Everything else as it came, in its place: the thinking's signature, the deferred tool, context management.
        Assert.Equal("c2ln", root.GetProperty("messages")[1].GetProperty("content")[0].GetProperty("signature").GetString());
        Assert.True(root.GetProperty("tools")[1].GetProperty("defer_loading").GetBoolean());
        Assert.Equal("clear_thinking_20251015", root.GetProperty("context_management").GetProperty("edits")[0].GetProperty("type").GetString());
        Assert.Equal(["model", "max_tokens", "system", "messages", "tools", "metadata", "thinking", "context_management", "stream"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Fold_StringSystem_BecomesTheFirstBlock()
    {
        var folded = MessagesSystemFold.Fold("""{"model":"m","messages":[{"role":"system","content":"two"},{"role":"user","content":"hi"}],"system":"one","max_tokens":5}"""u8);

        Assert.Equal(
            """{"model":"m","system":[{"type":"text","text":"one"},{"type":"text","text":"two"}],"messages":[{"role":"user","content":"hi"}],"max_tokens":5}""",
            Encoding.UTF8.GetString(folded!));
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"system"}],"system":"s"}""")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"role system"}]}]}""")]
    public void Fold_NoSystemMessage_ReturnsNull(string body) => Assert.Null(MessagesSystemFold.Fold(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", "max_tokens: Field required.")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens: must be an integer of at least 1.")]
    [InlineData("""{"model":"m","max_tokens":"5","messages":[{"role":"user","content":"hi"}]}""", "max_tokens: must be an integer of at least 1.")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[]}""", "messages: at least one message is required.")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", null)]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"a"}]},{"role":"assistant","content":"b"}],"model":"m","max_tokens":1}""", null)]
    public void Problem_ChecksWhatAnthropicRequires(string body, string? expected) =>
        Assert.Equal(expected, MessagesRequestCheck.Problem(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Stream_MessageStartCarriesTheEstimate_MessageDeltaTheRealCount_AtEverySplitSize()
    {
        var chat = Encoding.UTF8.GetBytes(string.Join("\n\n", MessagesStreamMapperTests.ChatEvents) + "\n\n");
        var whole = Feed(chat, chat.Length);
        Assert.Contains("\"usage\":{\"input_tokens\":1234,\"output_tokens\":0}", whole, StringComparison.Ordinal);
        Assert.Contains("\"usage\":{\"input_tokens\":40,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":10,\"output_tokens\":30}", whole, StringComparison.Ordinal);
        for (var split = 1; split < chat.Length; split++)
        {
            Assert.Equal(whole, Feed(chat, split));
        }
    }

    [Fact]
    public void InputTokenEstimate_CountsTheText_NotNamesIdsOrImageData()
    {
        var plain = Gateway.Operations.InputTokenEstimate.Count("""{"model":"m","messages":[{"role":"user","content":"hello world"}]}"""u8);
        var withImage = Gateway.Operations.InputTokenEstimate.Count(Encoding.UTF8.GetBytes(
            """{"model":"m","messages":[{"role":"user","content":"hello world"}],"x":{"type":"base64","data":""" + "\"" + new string('A', 10000) + "\"}}"));

        Assert.Equal(2 + 3, plain);
        Assert.Equal(plain, withImage);
    }

    private static string Feed(byte[] chat, int split)
    {
        var mapper = new MessagesStreamMapper("claude-x", 1234);
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < chat.Length; at += split)
        {
            mapper.Feed(chat.AsSpan(at, Math.Min(split, chat.Length - at)), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
