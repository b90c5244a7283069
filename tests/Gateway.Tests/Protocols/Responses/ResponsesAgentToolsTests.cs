using System.Text;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Responses;
using Gateway.Providers;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Protocols.Responses;

/// <summary>Codex's default tools both ways: namespace tools flattened and named back, custom tools as one-string functions, built-in tools served or left out.</summary>
public sealed class ResponsesAgentToolsTests
{
    private const string CodexRequest = """
        {"model":"gpt-5-codex","stream":true,"tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"effort":"high","summary":"auto"},
         "store":false,"include":["reasoning.encrypted_content"],"prompt_cache_key":"k",
         "input":[{"type":"message","id":"msg_1","role":"developer","content":[{"type":"input_text","text":"Be a coding agent."}]},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}],
         "tools":[{"type":"function","name":"exec_command","strict":false,"parameters":{"type":"object","properties":{"cmd":{"type":"string"}}}},
          {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents.","tools":[
            {"type":"function","name":"close_agent","description":"Close","strict":false,"parameters":{"type":"object"}},
            {"type":"custom","name":"note","description":"Free text"}]},
          {"type":"custom","name":"apply_patch","description":"Patch files","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
          {"type":"web_search","external_web_access":false},
          {"type":"local_shell"},
          {"type":"made_up\r\nx-evil: 1"}]}
        """;

    private static ChatTranslation Map(string request, ResponsesTranslationOptions? options = null) =>
        ResponsesRequestMapper.Map(Encoding.UTF8.GetBytes(request), "gpt-x", stream: true, default, options ?? ResponsesTranslationOptions.Default);

    [Fact]
    public void Map_CodexTools_FlattensNamespaces_CustomAsOneString_LeavesOutBuiltIns()
    {
        var translation = Map(CodexRequest);
        var chat = JsonDocument.Parse(translation.Body).RootElement;

        var tools = chat.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function")).ToList();
        Assert.Equal(["exec_command", "multi_agent_v1__close_agent", "multi_agent_v1__note", "apply_patch"], tools.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(
            """{"type":"object","properties":{"input":{"type":"string","description":"The tool's free-form input, as plain text."}},"required":["input"],"additionalProperties":false}""",
            tools[3].GetProperty("parameters").GetRawText());
        Assert.Equal("Patch files\n\nThe input must follow this lark grammar:\nstart: x", tools[3].GetProperty("description").GetString());
        Assert.Equal(["tools.web_search", "tools.local_shell", "tools.other"], translation.Omitted);
        Assert.Equal("auto", chat.GetProperty("tool_choice").GetString());
        Assert.Equal("high", chat.GetProperty("reasoning_effort").GetString());
        Assert.Equal(new ResponseTool("multi_agent_v1", "close_agent", false), translation.Tools.Find("multi_agent_v1__close_agent"));
        Assert.Equal(new ResponseTool(null, "apply_patch", true), translation.Tools.Find("apply_patch"));
        Assert.Null(translation.Tools.Find("exec_command"));
    }

    [Fact]
    public void Map_Strict_RefusesABuiltInToolTheProviderLacks()
    {
        var error = Assert.Throws<TranslationException>(() => Map(CodexRequest, new ResponsesTranslationOptions(true, null)));
        Assert.Contains("'web_search'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_WebSearchServedByTheProvider_GoesAsABuiltInChatTool()
    {
        var translation = Map(CodexRequest, new ResponsesTranslationOptions(true, name => name is "web_search" or "local_shell" or "made_up\r\nx-evil: 1"));
        var tools = JsonDocument.Parse(translation.Body).RootElement.GetProperty("tools");

        Assert.Equal("""{"type":"web_search","web_search":{"type":"web_search","external_web_access":false}}""", tools[4].GetRawText());
        Assert.Empty(translation.Omitted);
    }

    [Fact]
    public void Map_InputCalls_UnderTheirChatNames_CustomInputAsTheArgument()
    {
        var translation = Map("""
            {"model":"m","input":[{"role":"user","content":"go"},
              {"type":"function_call","call_id":"c1","name":"close_agent","namespace":"multi_agent_v1","arguments":"{}"},
              {"type":"custom_tool_call","call_id":"c2","name":"apply_patch","input":"*** Begin Patch\n\"x\""},
              {"type":"web_search_call","id":"ws_1","status":"completed"},
              {"type":"function_call_output","call_id":"c1","output":"closed"},
              {"type":"custom_tool_call_output","call_id":"c2","output":"patched"}]}
            """);

        Assert.Equal(Compact("""
            [{"role":"user","content":"go"},
             {"role":"assistant","content":null,"tool_calls":[
               {"id":"c1","type":"function","function":{"name":"multi_agent_v1__close_agent","arguments":"{}"}},
               {"id":"c2","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\\n\\\"x\\\"\"}"}}]},
             {"role":"tool","tool_call_id":"c1","content":"closed"},
             {"role":"tool","tool_call_id":"c2","content":"patched"}]
            """), Encoding.UTF8.GetString(translation.Messages));
    }

    [Fact]
    public void ChatName_StaysWithinChatsRule_AndApart()
    {
        var longName = ResponseToolNames.ChatName(new string('n', 40), new string('f', 40));
        var other = ResponseToolNames.ChatName(new string('n', 40), new string('f', 39) + "g");

        Assert.Equal("ns__fn", ResponseToolNames.ChatName("ns", "fn"));
        Assert.Equal(64, longName.Length);
        Assert.NotEqual(longName, other);
        Assert.Matches("^[A-Za-z0-9_-]+$", ResponseToolNames.ChatName("mcp.server", "tool name"));
    }

    private static ResponseContext CodexContext()
    {
        var translation = Map(CodexRequest);
        return Context() with { Tools = translation.Tools, EstimatedInputTokens = 321 };
    }

    [Fact]
    public void MapResponse_CallsOfNamespacedAndCustomTools_GoBackUnderTheClientsNames()
    {
        var chat = """
            {"id":"c","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[
              {"id":"call_1","type":"function","function":{"name":"multi_agent_v1__close_agent","arguments":"{\"target\":\"a\"}"}},
              {"id":"call_2","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\"}"}},
              {"id":"call_3","type":"function","function":{"name":"exec_command","arguments":"{}"}}]}}]}
            """;

        var completed = ResponsesResponseMapper.Map(Encoding.UTF8.GetBytes(chat), CodexContext());
        var output = JsonDocument.Parse(completed.Response).RootElement.GetProperty("output");

        Assert.Equal("""{"id":"fc_abc_0","type":"function_call","status":"completed","arguments":"{\"target\":\"a\"}","call_id":"call_1","name":"close_agent","namespace":"multi_agent_v1"}""", output[0].GetRawText());
        Assert.Equal("""{"id":"fc_abc_1","type":"custom_tool_call","status":"completed","call_id":"call_2","input":"*** Begin Patch","name":"apply_patch"}""", output[1].GetRawText());
        Assert.Equal("exec_command", output[2].GetProperty("name").GetString());
        // The conversation store keeps the chat names, which the next turn's chat request uses.
        Assert.Contains("multi_agent_v1__close_agent", Encoding.UTF8.GetString(completed.OutputMessages), StringComparison.Ordinal);
    }

    private static readonly string ToolStream =
        Chunk("""{"role":"assistant","content":""}""")
        + Chunk("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"multi_agent_v1__close_agent","arguments":"{\"tar"}}]}""")
        + Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"get\":\"a\"}"}}]}""")
        + Chunk("""{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Be"}}]}""")
        + Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"gin Patch\\n\"}"}}]}""")
        + Chunk("{}", "tool_calls") + UsageChunk() + Done;

    [Fact]
    public void Stream_NamespacedAndCustomCalls_UnderTheClientsNames_WithTheEstimateFirst_AtEverySplitSize()
    {
        var bytes = Encoding.UTF8.GetBytes(ToolStream);
        var (whole, _) = Stream(bytes, bytes.Length, CodexContext());
        var events = Events(whole);

        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.output_item.added",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done", "response.output_item.done",
                "response.completed",
            ],
            events.Select(e => e.Type));
        Assert.Equal(321, events[0].Data.GetProperty("response").GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal("close_agent", events[2].Data.GetProperty("item").GetProperty("name").GetString());
        Assert.Equal("multi_agent_v1", events[2].Data.GetProperty("item").GetProperty("namespace").GetString());
        Assert.Equal("custom_tool_call", events[5].Data.GetProperty("item").GetProperty("type").GetString());
        Assert.Equal("*** Begin Patch\n", events[9].Data.GetProperty("input").GetString());
        Assert.Equal("""{"id":"fc_abc_1","type":"custom_tool_call","status":"completed","call_id":"call_2","input":"*** Begin Patch\n","name":"apply_patch"}""", events[10].Data.GetProperty("item").GetRawText());
        Assert.Equal(11, events[^1].Data.GetProperty("response").GetProperty("usage").GetProperty("input_tokens").GetInt64());
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(whole, Stream(bytes, split, CodexContext()).Output);
        }
    }

    [Theory]
    [InlineData("""{"input":"text"}""", "text")]
    [InlineData("""{"patch":"text"}""", "text")]
    [InlineData("not json", "not json")]
    [InlineData("""{"a":1,"b":2}""", """{"a":1,"b":2}""")]
    public void CustomToolArguments_Input_ReadsTheText(string arguments, string expected) =>
        Assert.Equal(expected, CustomToolArguments.Input(arguments));
}
