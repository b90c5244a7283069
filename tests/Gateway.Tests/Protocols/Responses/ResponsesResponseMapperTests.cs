using System.Text;
using System.Text.Json;
using Gateway.Protocols.Responses;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Protocols.Responses;

public sealed class ResponsesResponseMapperTests
{
    private const string Defaults = """
        "instructions": null, "max_output_tokens": null, "parallel_tool_calls": true, "previous_response_id": null,
        "reasoning": {"effort": null, "summary": null}, "store": true, "temperature": null, "text": {"format": {"type": "text"}},
        "tool_choice": "auto", "tools": [], "top_p": null, "truncation": "disabled", "user": null, "metadata": {}
        """;

    [Fact]
    public void Map_TextWithUsage_IsACompletedResponseWithOneMessage()
    {
        var completed = Map("""
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi \"there\"\n😀"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8, "prompt_tokens_details": {"cached_tokens": 2}, "completion_tokens_details": {"reasoning_tokens": 1}}}
            """);

        Assert.Equal(Compact($$$"""
            {"id": "resp_abc", "object": "response", "created_at": 1700000000, "status": "completed", "error": null, "incomplete_details": null, "model": "gpt-x",
             "output": [{"id": "msg_abc_0", "type": "message", "status": "completed", "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": "Hi \"there\"\n😀"}], "role": "assistant"}],
             "usage": {"input_tokens": 5, "input_tokens_details": {"cached_tokens": 2}, "output_tokens": 3, "output_tokens_details": {"reasoning_tokens": 1}, "total_tokens": 8},
             {{{Defaults}}}}
            """), Encoding.UTF8.GetString(completed.Response));
        Assert.Equal(Compact("""[{"role": "assistant", "content": "Hi \"there\"\n😀"}]"""), Encoding.UTF8.GetString(completed.OutputMessages));
    }

    [Fact]
    public void Map_ToolCalls_AreFunctionCallItems_AndOneAssistantMessageWithToolCalls()
    {
        var completed = Map("""
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
              {"type": "function", "function": {"name": "time", "arguments": "{}"}}]}, "finish_reason": "tool_calls"}]}
            """);

        var response = JsonDocument.Parse(completed.Response).RootElement;
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, response.GetProperty("usage").ValueKind);
        Assert.Equal(Compact("""
            [{"id": "fc_abc_0", "type": "function_call", "status": "completed", "arguments": "{\"city\":\"Paris\"}", "call_id": "call_1", "name": "weather"},
             {"id": "fc_abc_1", "type": "function_call", "status": "completed", "arguments": "{}", "call_id": "call_abc_1", "name": "time"}]
            """), response.GetProperty("output").GetRawText());
        Assert.Equal(Compact("""
            [{"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
              {"id": "call_abc_1", "type": "function", "function": {"name": "time", "arguments": "{}"}}]}]
            """), Encoding.UTF8.GetString(completed.OutputMessages));
    }

    [Theory]
    [InlineData("length", "max_output_tokens")]
    [InlineData("content_filter", "content_filter")]
    public void Map_CutShort_IsIncomplete_WithTheReason(string finishReason, string reason)
    {
        var completed = Map($$"""{"choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"{{finishReason}}"}]}""");

        var response = JsonDocument.Parse(completed.Response).RootElement;
        Assert.Equal("incomplete", response.GetProperty("status").GetString());
        Assert.Equal(reason, response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("incomplete", response.GetProperty("output")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Map_ReasoningTextAndToolCall_ReasoningItemFirst_TextCompleted_CallIncompleteWhenCut()
    {
        var completed = Map("""
            {"choices": [{"index": 0, "message": {"role": "assistant", "reasoning_content": "Think.", "content": "Calling.",
              "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{\"a\""}}]}, "finish_reason": "length"}]}
            """);

        var output = JsonDocument.Parse(completed.Response).RootElement.GetProperty("output");
        Assert.Equal(Compact("""{"id": "rs_abc_0", "type": "reasoning", "summary": [], "content": [{"type": "reasoning_text", "text": "Think."}], "status": "completed"}"""), output[0].GetRawText());
        Assert.Equal("completed", output[1].GetProperty("status").GetString());
        Assert.Equal("incomplete", output[2].GetProperty("status").GetString());
        Assert.Equal(Compact("""[{"role":"assistant","content":"Calling.","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\""}}]}]"""), Encoding.UTF8.GetString(completed.OutputMessages));
    }

    [Fact]
    public void Map_Refusal_IsARefusalPart()
    {
        var completed = Map("""{"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't."},"finish_reason":"stop"}]}""");

        var output = JsonDocument.Parse(completed.Response).RootElement.GetProperty("output");
        Assert.Equal("""[{"type":"refusal","refusal":"I can't."}]""", output[0].GetProperty("content").GetRawText());
        Assert.Equal("""[{"role":"assistant","content":"","refusal":"I can't."}]""", Encoding.UTF8.GetString(completed.OutputMessages));
    }

    [Fact]
    public void Map_EchoesTheRequestSettings()
    {
        var request = """
            {"model": "smart", "input": "hi", "instructions": "Be brief.", "max_output_tokens": 50, "parallel_tool_calls": false,
             "previous_response_id": "resp_prev", "reasoning": {"effort": "high"}, "store": false, "temperature": 0.5,
             "text": {"format": {"type": "json_object"}}, "tool_choice": "required", "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
             "top_p": 0.8, "truncation": "auto", "user": "u", "metadata": {"a": "b"}, "stream": false, "include": []}
            """;

        var completed = ResponsesResponseMapper.Map("""{"choices":[{"index":0,"message":{"content":"ok"},"finish_reason":"stop"}]}"""u8, Context(request));

        var response = Encoding.UTF8.GetString(completed.Response);
        Assert.EndsWith(Compact("""
            {"instructions": "Be brief.", "max_output_tokens": 50, "parallel_tool_calls": false, "previous_response_id": "resp_prev",
             "reasoning": {"effort": "high", "summary": null}, "store": false, "temperature": 0.5, "text": {"format": {"type": "json_object"}},
             "tool_choice": "required", "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}], "top_p": 0.8,
             "truncation": "auto", "user": "u", "metadata": {"a": "b"}}
            """)[1..], response, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_EmptyAnswer_HasNoOutputItems_AndAnEmptyAssistantMessage()
    {
        var completed = Map("""{"choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}]}""");

        Assert.Equal("[]", JsonDocument.Parse(completed.Response).RootElement.GetProperty("output").GetRawText());
        Assert.Equal("""[{"role":"assistant","content":""}]""", Encoding.UTF8.GetString(completed.OutputMessages));
    }

    private static CompletedResponse Map(string chat) => ResponsesResponseMapper.Map(Encoding.UTF8.GetBytes(chat), Context());
}
