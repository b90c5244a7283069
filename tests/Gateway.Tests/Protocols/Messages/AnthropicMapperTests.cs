using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Providers.Anthropic;

namespace Gateway.Tests.Protocols.Messages;

public sealed class AnthropicMapperTests
{
    private static JsonElement MapRequest(string openAI, bool stream = false, AnthropicRequestMapper? mapper = null)
    {
        var bytes = (mapper ?? new AnthropicRequestMapper(4096)).Map(Encoding.UTF8.GetBytes(openAI), "claude-x", stream);
        return JsonDocument.Parse(bytes).RootElement;
    }

    [Fact]
    public void Request_SystemAndDeveloper_GoToSystem_TurnsMergeToAlternate()
    {
        var anthropic = MapRequest("""
            {"model":"smart","messages":[
              {"role":"system","content":"Be terse."},
              {"role":"developer","content":[{"type":"text","text":"Use French."}]},
              {"role":"user","content":"Hi"},
              {"role":"user","content":[{"type":"text","text":"Again"}]},
              {"role":"assistant","content":"Salut"},
              {"role":"user","content":"Bye"}]}
            """);

        Assert.Equal("claude-x", anthropic.GetProperty("model").GetString());
        Assert.Equal("Be terse.\n\nUse French.", anthropic.GetProperty("system").GetString());
        Assert.Equal(4096, anthropic.GetProperty("max_tokens").GetInt32());
        var messages = anthropic.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["Hi", "Again"], messages[0].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public void Request_Images_ByUrlAndBase64DataUrl()
    {
        var anthropic = MapRequest("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},
              {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AAAA"}}]}]}
            """);

        var blocks = anthropic.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("""{"type":"url","url":"https://example.com/cat.png"}""", blocks[0].GetProperty("source").GetRawText());
        Assert.Equal("""{"type":"base64","media_type":"image/jpeg","data":"AAAA"}""", blocks[1].GetProperty("source").GetRawText());
    }

    [Fact]
    public void Request_ToolsToolChoiceToolCallsAndResults()
    {
        var anthropic = MapRequest("""
            {"model":"m","tool_choice":{"type":"function","function":{"name":"weather"}},
             "tools":[{"type":"function","function":{"name":"weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18C"},
              {"role":"user","content":"Thanks"}]}
            """);

        Assert.Equal("""{"name":"weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}""", anthropic.GetProperty("tools")[0].GetRawText());
        Assert.Equal("""{"type":"tool","name":"weather"}""", anthropic.GetProperty("tool_choice").GetRawText());
        var messages = anthropic.GetProperty("messages");
        Assert.Equal("""{"type":"tool_use","id":"call_1","name":"weather","input":{"city":"Paris"}}""", messages[1].GetProperty("content")[0].GetRawText());
        Assert.Equal("user", messages[2].GetProperty("role").GetString());
        Assert.Equal("""{"type":"tool_result","tool_use_id":"call_1","content":"18C"}""", messages[2].GetProperty("content")[0].GetRawText());
        Assert.Equal("Thanks", messages[2].GetProperty("content")[1].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"none\"", "none")]
    [InlineData("\"required\"", "any")]
    public void Request_ToolChoiceStrings(string choice, string expected)
    {
        var anthropic = MapRequest("{\"model\":\"m\",\"tool_choice\":" + choice + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        Assert.Equal(expected, anthropic.GetProperty("tool_choice").GetProperty("type").GetString());
    }

    [Fact]
    public void Request_Parameters_MappedOrDropped_SamplingHintsOnly()
    {
        var mapper = new AnthropicRequestMapper(4096);
        var anthropic = MapRequest("""
            {"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":50,"max_tokens":99,"temperature":1.5,"top_p":0.9,
             "stop":"END","user":"u-1","n":1,"seed":7,"response_format":{"type":"json_object"},"stream":true,"stream_options":{"include_usage":true}}
            """, stream: true, mapper);

        Assert.Equal(50, anthropic.GetProperty("max_tokens").GetInt32());
        Assert.Equal(1, anthropic.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, anthropic.GetProperty("top_p").GetDouble());
        Assert.Equal("""["END"]""", anthropic.GetProperty("stop_sequences").GetRawText());
        Assert.Equal("u-1", anthropic.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.True(anthropic.GetProperty("stream").GetBoolean());
        Assert.Equal(AnthropicStructuredOutput.ToolName, anthropic.GetProperty("tool_choice").GetProperty("name").GetString());
        Assert.Equal(["seed"], mapper.Dropped);
    }

    [Fact]
    public void Request_UnsupportedPart_IsATranslationError()
    {
        Assert.Throws<TranslationException>(() => MapRequest("""{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}"""));
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    public void Response_TextToolUseStopReasonUsage(string stopReason, string finish)
    {
        var anthropic = $$"""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-x","stop_reason":"{{stopReason}}",
             "content":[{"type":"text","text":"Hello"},{"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Paris"} }],
             "usage":{"input_tokens":11,"output_tokens":4} }
            """;

        var openAI = JsonDocument.Parse(AnthropicResponseMapper.Map(Encoding.UTF8.GetBytes(anthropic), 1700000000)).RootElement;

        Assert.Equal(("chatcmpl-msg_1", "chat.completion", "claude-x"), (openAI.GetProperty("id").GetString(), openAI.GetProperty("object").GetString(), openAI.GetProperty("model").GetString()));
        var choice = openAI.GetProperty("choices")[0];
        Assert.Equal(finish, choice.GetProperty("finish_reason").GetString());
        Assert.Equal("Hello", choice.GetProperty("message").GetProperty("content").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal(("toolu_1", "function", "weather", """{"city":"Paris"}"""),
            (call.GetProperty("id").GetString(), call.GetProperty("type").GetString(), call.GetProperty("function").GetProperty("name").GetString(), call.GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal("""{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}""", openAI.GetProperty("usage").GetRawText());
    }

    private const string StreamEvents =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hé\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":12}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static readonly string[] ExpectedChunks =
    [
        """{"role":"assistant","content":""}|null""",
        """{"content":"Hé"}|null""", // é is two UTF-8 bytes: the splits cut through it
        """{"tool_calls":[{"index":0,"id":"toolu_1","type":"function","function":{"name":"weather","arguments":""}}]}|null""",
        """{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": "}}]}|null""",
        """{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}|null""",
        """{}|tool_calls""",
        """usage:{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}""",
        "[DONE]",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100_000)]
    public void Stream_EventsBecomeChunks_AtAnyByteBoundary(int split)
    {
        var bytes = Encoding.UTF8.GetBytes(StreamEvents);
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1700000000));
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        var events = Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        Assert.Equal(ExpectedChunks, events.Select(Describe));
    }

    [Fact]
    public void Stream_ErrorEvent_BecomesAnOpenAIErrorEvent()
    {
        var output = new ArrayBufferWriter<byte>();
        new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1)).Feed("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"u8, output);

        Assert.Equal("data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData(401, "authentication_error", "bad key", 401, "invalid_api_key")]
    [InlineData(429, "rate_limit_error", "slow down", 429, "rate_limit_exceeded")]
    [InlineData(529, "overloaded_error", "Overloaded", 503, "overloaded")]
    [InlineData(404, "not_found_error", "model: x", 404, "model_not_found")]
    [InlineData(400, "invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum", 400, "context_length_exceeded")]
    public void Error_BecomesOpenAIShape(int status, string type, string message, int expectedStatus, string code)
    {
        var (mapped, body) = MessagesErrors.ToOpenAI(status, Encoding.UTF8.GetBytes("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}"));

        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal((expectedStatus, code, message), (mapped, error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
    }

    private static string Describe(string data)
    {
        if (data == "[DONE]")
        {
            return data;
        }

        var chunk = JsonDocument.Parse(data).RootElement;
        Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString());
        Assert.Equal("chatcmpl-msg_1", chunk.GetProperty("id").GetString());
        var choices = chunk.GetProperty("choices");
        if (choices.GetArrayLength() == 0)
        {
            return "usage:" + chunk.GetProperty("usage").GetRawText();
        }

        var finish = choices[0].GetProperty("finish_reason");
        return choices[0].GetProperty("delta").GetRawText() + "|" + (finish.ValueKind == JsonValueKind.Null ? "null" : finish.GetString());
    }
}
