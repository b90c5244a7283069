using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Providers.Anthropic;

namespace Gateway.Tests.Protocols.Messages;

/// <summary><c>response_format</c>, <c>n</c>, log probabilities and <c>parallel_tool_calls</c> on Anthropic: mapped faithfully or refused, never dropped.</summary>
public sealed class AnthropicStructuredOutputTests
{
    private const string Schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    private static JsonElement MapRequest(string openAI) =>
        JsonDocument.Parse(new AnthropicRequestMapper(4096).Map(Encoding.UTF8.GetBytes(openAI), "claude-x", stream: false)).RootElement;

    [Fact]
    public void Request_JsonSchema_BecomesTheForcedToolWithThatSchema()
    {
        var anthropic = MapRequest("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"place","strict":true,"schema":""" + Schema + "}}}");

        var tool = Assert.Single(anthropic.GetProperty("tools").EnumerateArray());
        Assert.Equal(AnthropicStructuredOutput.ToolName, tool.GetProperty("name").GetString());
        Assert.Equal(JsonDocument.Parse(Schema).RootElement.GetRawText(), tool.GetProperty("input_schema").GetRawText());
        Assert.Equal("tool", anthropic.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.Equal(AnthropicStructuredOutput.ToolName, anthropic.GetProperty("tool_choice").GetProperty("name").GetString());
    }

    [Fact]
    public void Request_TextFormat_AsksNothing()
    {
        var anthropic = MapRequest("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"text"}}""");

        Assert.False(anthropic.TryGetProperty("tools", out _));
        Assert.False(anthropic.TryGetProperty("tool_choice", out _));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"},"tools":[{"type":"function","function":{"name":"f"}}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"array"}}}}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a"}}}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"n":2}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"logprobs":true}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"top_logprobs":3}""")]
    public void Request_WhatAnthropicCannotHonour_IsATranslationError(string openAI)
    {
        Assert.Throws<TranslationException>(() => MapRequest(openAI));
    }

    [Fact]
    public void Request_ParallelToolCallsFalse_DisablesParallelToolUse()
    {
        var anthropic = MapRequest("""{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"auto","parallel_tool_calls":false}""");

        Assert.True(anthropic.GetProperty("tool_choice").GetProperty("disable_parallel_tool_use").GetBoolean());
    }

    [Fact]
    public void Response_TheForcedToolsInput_IsTheMessageText_FinishStop()
    {
        var chat = JsonDocument.Parse(AnthropicResponseMapper.Map(Encoding.UTF8.GetBytes($$$"""
            {"id":"msg_1","model":"claude-x","stop_reason":"tool_use","content":[{"type":"tool_use","id":"toolu_1","name":"{{{AnthropicStructuredOutput.ToolName}}}","input":{"city":"Paris"}}],
             "usage":{"input_tokens":5,"output_tokens":7}}
            """), 1700000000)).RootElement;

        var choice = chat.GetProperty("choices")[0];
        Assert.Equal("""{"city":"Paris"}""", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(4096)]
    public void Stream_TheForcedToolsInputDeltas_AreContentDeltas_AtEverySplit(int split)
    {
        var events = string.Concat(
            Event("""{"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":5,"output_tokens":1}}}"""),
            Event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"" + AnthropicStructuredOutput.ToolName + "\",\"input\":{}}}"),
            Event("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}"""),
            Event("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":" \"Paris\"}"}}"""),
            Event("""{"type":"content_block_stop","index":0}"""),
            Event("""{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}"""),
            Event("""{"type":"message_stop"}"""));
        var bytes = Encoding.UTF8.GetBytes(events);
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1700000000));
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        var chunks = Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e != "data: [DONE]").Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString()));
        Assert.Equal("""{"city": "Paris"}""", text);
        Assert.DoesNotContain(chunks, c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("tool_calls", out _));
        Assert.Contains(chunks, c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String
            && c.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "stop");
    }

    private static string Event(string json) => $"event: x\ndata: {json}\n\n";
}
