using System.Text;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Messages;
using Gateway.Providers;

namespace Gateway.Tests.Protocols.Messages;

public sealed class MessagesRequestMapperTests
{
    private static string Map(string messages, bool stream = false) =>
        Encoding.UTF8.GetString(MessagesRequestMapper.Map(Encoding.UTF8.GetBytes(messages), "gpt-x", stream));

    private static JsonElement MapJson(string messages, bool stream = false) => JsonDocument.Parse(Map(messages, stream)).RootElement;

    private static string WithUser(string extra) => "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]" + extra + "}";

    [Fact]
    public void Map_FullRequest_GivesTheExactChatRequest()
    {
        var chat = Map("""
            {"model":"claude-sonnet-4-5","max_tokens":1024,
             "system":[{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Answer in French."}],
             "messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"Need the tool.","signature":"c2ln"},{"type":"text","text":"Checking."},
                {"type":"tool_use","id":"toolu_1","name":"weather","input":{"city": "Paris", "units": "c"}}]},
              {"role":"user","content":[{"type":"text","text":"Also hurry."},
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"18C"},{"type":"text","text":"sunny"}]}]}],
             "tools":[{"name":"weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}}],
             "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
             "stop_sequences":["END"],"temperature":0.5,"top_p":0.9,"top_k":40,"metadata":{"user_id":"u-1"},
             "thinking":{"type":"enabled","budget_tokens":10000},"stream":true}
            """, stream: true);

        Assert.Equal("""
            {"model":"gpt-x","messages":[{"role":"system","content":"You are terse.\n\nAnswer in French."},{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":"Checking.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\",\"units\":\"c\"}"}}]},{"role":"tool","tool_call_id":"toolu_1","content":"18C\n\nsunny"},{"role":"user","content":"Also hurry."}],"max_tokens":1024,"tools":[{"type":"function","function":{"name":"weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto","parallel_tool_calls":false,"stop":["END"],"temperature":0.5,"top_p":0.9,"user":"u-1","reasoning_effort":"medium","stream":true,"stream_options":{"include_usage":true}}
            """, chat);
    }

    [Fact]
    public void Map_NotStreaming_SaysStreamFalse_AndAsksNoUsage()
    {
        Assert.Equal("""{"model":"gpt-x","messages":[{"role":"system","content":"Hi"},{"role":"user","content":"x"}],"max_tokens":10,"stream":false}""",
            Map("""{"model":"m","system":"Hi","max_tokens":10,"messages":[{"role":"user","content":"x"}],"stream":false}"""));
    }

    [Fact]
    public void Map_Images_AsImageUrlParts_InOrder_ToolResultImagesInTheUserMessageAfterTheToolMessages()
    {
        var chat = MapJson("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"text","text":"Compare"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"tool_result","tool_use_id":"toolu_9","is_error":true,"content":[{"type":"image","source":{"type":"url","url":"https://example.com/shot.png"}}]},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]}]}
            """);

        var messages = chat.GetProperty("messages");
        Assert.Equal("""{"role":"tool","tool_call_id":"toolu_9","content":"Error: (The result is the image that follows.)"}""", messages[0].GetRawText());
        Assert.Equal("""
            {"role":"user","content":[{"type":"text","text":"Compare"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"image_url","image_url":{"url":"https://example.com/shot.png"}},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}
            """, messages[1].GetRawText());
        Assert.Equal(2, messages.GetArrayLength());
    }

    [Fact]
    public void Map_ToolResults_OneToolMessageEach_BeforeTheText_ErrorsSaid()
    {
        var messages = MapJson("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"text","text":"Here:"},
              {"type":"tool_result","tool_use_id":"a","content":"1"},
              {"type":"tool_result","tool_use_id":"b","is_error":true,"content":"no such file"},
              {"type":"tool_result","tool_use_id":"c"}]}]}
            """).GetProperty("messages");

        Assert.Equal(
            ["""{"role":"tool","tool_call_id":"a","content":"1"}""", """{"role":"tool","tool_call_id":"b","content":"Error: no such file"}""",
             """{"role":"tool","tool_call_id":"c","content":""}""", """{"role":"user","content":"Here:"}"""],
            messages.EnumerateArray().Select(m => m.GetRawText()));
    }

    [Fact]
    public void Map_AssistantWithOnlyThinking_IsNotSent_ToolUseWithoutText_HasNullContent()
    {
        var messages = MapJson("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"a"},
              {"role":"assistant","content":[{"type":"redacted_thinking","data":"xyz"},{"type":"thinking","thinking":"t","signature":"s"}]},
              {"role":"user","content":"b"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"ls","input":{}}]}]}
            """).GetProperty("messages");

        Assert.Equal(
            ["""{"role":"user","content":"a"}""", """{"role":"user","content":"b"}""",
             """{"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"ls","arguments":"{}"}}]}"""],
            messages.EnumerateArray().Select(m => m.GetRawText()));
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"", null)]
    [InlineData("""{"type":"any"}""", "\"required\"", null)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"weather","disable_parallel_tool_use":true}""", """{"type":"function","function":{"name":"weather"}}""", false)]
    [InlineData("""{"type":"any","disable_parallel_tool_use":false}""", "\"required\"", null)]
    public void Map_ToolChoice(string choice, string expected, bool? parallel)
    {
        var chat = MapJson(WithUser(""","tools":[{"name":"weather","input_schema":{"type":"object"}}],"tool_choice":""" + choice));

        Assert.Equal(expected, chat.GetProperty("tool_choice").GetRawText());
        Assert.Equal(parallel, chat.TryGetProperty("parallel_tool_calls", out var p) ? p.GetBoolean() : null);
    }

    [Theory]
    [InlineData("""{"type":"enabled","budget_tokens":1024}""", "low")]
    [InlineData("""{"type":"enabled","budget_tokens":4096}""", "low")]
    [InlineData("""{"type":"enabled","budget_tokens":4097}""", "medium")]
    [InlineData("""{"type":"enabled","budget_tokens":16384}""", "medium")]
    [InlineData("""{"type":"enabled","budget_tokens":31999}""", "high")]
    [InlineData("""{"type":"disabled"}""", null)]
    [InlineData("""{"type":"adaptive"}""", null)]
    public void Map_ThinkingBudget_AsReasoningEffort(string thinking, string? effort)
    {
        var chat = MapJson(WithUser(""","thinking":""" + thinking));
        Assert.Equal(effort, chat.TryGetProperty("reasoning_effort", out var e) ? e.GetString() : null);
    }

    [Theory]
    [InlineData("low", "low")]
    [InlineData("medium", "medium")]
    [InlineData("high", "high")]
    [InlineData("xhigh", "high")]
    [InlineData("max", "high")]
    public void Map_OutputConfigEffort_WinsOverTheThinkingBudget(string effort, string expected)
    {
        var chat = MapJson(WithUser(",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},\"output_config\":{\"effort\":\"" + effort + "\"}"));
        Assert.Equal(expected, chat.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public void Map_OutputFormat_AsStrictJsonSchema_CustomAndStrictToolsKept()
    {
        var chat = MapJson(WithUser("""
            ,"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},
             "tools":[{"type":"custom","name":"f","strict":true,"input_schema":{"type":"object"}},{"name":"g"}]
            """));

        Assert.Equal("""{"type":"json_schema","json_schema":{"name":"output","schema":{"type":"object"},"strict":true}}""", chat.GetProperty("response_format").GetRawText());
        Assert.Equal("""[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}},{"type":"function","function":{"name":"g","parameters":{"type":"object"}}}]""",
            chat.GetProperty("tools").GetRawText());
    }

    [Fact]
    public void Map_LegacyOutputFormat_Taken_UnlessOutputConfigHasOne()
    {
        Assert.Equal("""{"type":"integer"}""", MapJson(WithUser(""","output_format":{"type":"json_schema","schema":{"type":"integer"}}""")).GetProperty("response_format").GetProperty("json_schema").GetProperty("schema").GetRawText());
        var both = Map(WithUser(""","output_format":{"type":"json_schema","schema":{"type":"integer"}},"output_config":{"format":{"type":"json_schema","schema":{"type":"string"}}}"""));
        Assert.Single(both.Split("response_format").Skip(1));
        Assert.Contains("\"schema\":{\"type\":\"string\"}", both, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Untranslatable => new()
    {
        { """{"model":"m","messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBER"}}]}]}""", "'document'" },
        { """{"model":"m","messages":[{"role":"user","content":[{"type":"search_result","source":"s","title":"t","content":[]}]}]}""", "'search_result'" },
        { """{"model":"m","messages":[{"role":"user","content":[{"type":"container_upload","file_id":"f"}]}]}""", "'container_upload'" },
        { """{"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"document","source":{}}]}]}]}""", "'document'" },
        { """{"model":"m","messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]}""", "'file'" },
        { """{"model":"m","messages":[{"role":"assistant","content":[{"type":"image","source":{"type":"url","url":"u"}}]}]}""", "user turns" },
        { """{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""", "'web_search_20250305'" },
        { """{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"bash_20250124","name":"bash"}]}""", "'bash_20250124'" },
        { """{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"code_execution_20250825","name":"code_execution"}]}""", "'code_execution_20250825'" },
        { """{"model":"m","messages":[{"role":"user","content":"x"}],"mcp_servers":[{"type":"url","url":"https://x","name":"x"}]}""", "mcp_servers" },
        { """{"model":"m","messages":[{"role":"user","content":"x"}],"container":"c1"}""", "container" },
        { """{"model":"m","messages":{"role":"user"}}""", "'messages' must be an array" },
        { """{"model":"m"}""", "'messages' must be an array" },
        { """{"model":"m","messages":[{"role":"user","content":5}]}""", "'content'" },
        { """{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}""", "'text'" },
        { """{"model":"m","messages":[{"role":"user","content":[{"text":"no type"}]}]}""", "'type'" },
        { """{"model":"m","system":[{"type":"image","source":{}}],"messages":[]}""", "'system'" },
        { """{"model":"m","messages":[{"role":"system","content":[{"type":"image","source":{}}]}]}""", "'system'" },
        { """{"model":"m","messages":[],"tool_choice":{"type":"sometimes"}}""", "'sometimes'" },
        { """{"model":"m","messages":[],"output_config":{"effort":"huge"}}""", "'huge'" },
        { """[1,2]""", "JSON object" },
        { """{"model":"m",""", "not a valid Messages request" },
    };

    [Theory]
    [MemberData(nameof(Untranslatable))]
    public void Map_WhatChatCompletionsCannotExpress_IsATranslationException(string body, string named)
    {
        var error = Assert.Throws<TranslationException>(() => Map(body));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
