using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols.Responses;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Protocols.Responses;

public sealed partial class ResponsesStreamMapperTests
{
    private static readonly string TextAndTools =
        Chunk("""{"role":"assistant","content":""}""") + ": keep-alive\n\n" + Chunk("""{"content":"Hel"}""") + Chunk("""{"content":"lo"}""")
        + Chunk("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"weather","arguments":""}}]}""")
        + Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}""")
        + Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}""")
        + Chunk("""{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"time","arguments":"{}"}}]}""")
        + Chunk("{}", "tool_calls") + UsageChunk() + Done;

    /// <summary>Reasoning, then text with every kind of character JSON must escape, a refusal, a cut by length; no usage chunk.</summary>
    private static readonly string Escapes =
        Chunk("""{"role":"assistant","reasoning_content":"Think \"hard\"."}""") + Chunk("""{"content":"quote \" back\\slash\nline\ttab \u0001 </script> é 😀"}""")
        + Chunk("""{"content":"🎉"}""") + Chunk("""{"refusal":"no"}""") + Chunk("{}", "length") + Done;

    [Fact]
    public void Feed_TextAndTwoParallelToolCalls_GivesEachItemsEvents_ThenTheCompletedResponse()
    {
        var (output, mapper) = Stream(TextAndTools);

        var events = Events(output);
        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ],
            events.Select(e => e.Type));
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(events[i].Type, events[i].Data.GetProperty("type").GetString());
            Assert.Equal(i, events[i].Data.GetProperty("sequence_number").GetInt32());
        }

        Assert.Equal("""{"id":"fc_abc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_1","name":"weather"}""", events[9].Data.GetProperty("item").GetRawText());
        Assert.Equal("""{"city":"Paris"}""", events[14].Data.GetProperty("arguments").GetString());
        Assert.Equal(2, events[17].Data.GetProperty("output_index").GetInt32());
        var response = events[^1].Data.GetProperty("response");
        Assert.Equal(response.GetRawText(), Encoding.UTF8.GetString(mapper.Completed!.Response));
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal(["msg_abc_0", "fc_abc_1", "fc_abc_2"], response.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(Compact("""{"input_tokens":11,"input_tokens_details":{"cached_tokens":3},"output_tokens":7,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":18}"""), response.GetProperty("usage").GetRawText());
        Assert.Equal(Compact("""
            [{"role": "assistant", "content": "Hello", "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
              {"id": "call_2", "type": "function", "function": {"name": "time", "arguments": "{}"}}]}]
            """), Encoding.UTF8.GetString(mapper.Completed.OutputMessages));
    }

    [Fact]
    public void Feed_Text_WritesTheseExactEvents()
    {
        var (output, _) = Stream(Chunk("""{"content":"Hi"}""", "stop") + Done);

        var lines = output.Split("\n\n")[2..^2];
        Assert.Equal(
            [
                """event: response.output_item.added""" + "\n" + """data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_abc_0","type":"message","status":"in_progress","content":[],"role":"assistant"}}""",
                """event: response.content_part.added""" + "\n" + """data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_abc_0","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}""",
                """event: response.output_text.delta""" + "\n" + """data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_abc_0","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}""",
                """event: response.output_text.done""" + "\n" + """data: {"type":"response.output_text.done","sequence_number":5,"item_id":"msg_abc_0","output_index":0,"content_index":0,"text":"Hi","logprobs":[]}""",
                """event: response.content_part.done""" + "\n" + """data: {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_abc_0","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":"Hi"}}""",
                """event: response.output_item.done""" + "\n" + """data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_abc_0","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hi"}],"role":"assistant"}}""",
            ],
            lines);
        Assert.StartsWith("event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":8,\"response\":{\"id\":\"resp_abc\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"completed\"", output.Split("\n\n")[^2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Feed_TextNeedingEscapes_RoundTripsThroughTheJson(int split)
    {
        var (output, mapper) = Stream(Encoding.UTF8.GetBytes(Escapes), split);

        var events = Events(output);
        var text = "quote \" back\\slash\nline\ttab \u0001 </script> é 😀🎉";
        Assert.Equal(text, string.Concat(events.Where(e => e.Type == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString())));
        Assert.Equal(text, events.Single(e => e.Type == "response.output_text.done").Data.GetProperty("text").GetString());
        // Escaped where JSON needs it; other text stays as it is, except characters beyond the BMP (a surrogate pair).
        Assert.Contains("\"delta\":\"quote \\\" back\\\\slash\\nline\\ttab \\u0001 </script> é \\uD83D\\uDE00\"", output, StringComparison.Ordinal);
        Assert.Equal("Think \"hard\".", events.Single(e => e.Type == "response.reasoning_text.done").Data.GetProperty("text").GetString());
        Assert.Equal("no", events.Single(e => e.Type == "response.refusal.done").Data.GetProperty("refusal").GetString());
        Assert.Equal(
            Compact("[{\"role\":\"assistant\",\"content\":\"quote \\\" back\\\\slash\\nline\\ttab \\u0001 </script> é 😀🎉\",\"refusal\":\"no\"}]"),
            Encoding.UTF8.GetString(mapper.Completed!.OutputMessages));
    }

    [Fact]
    public void Feed_ReasoningThenTextThenRefusal_ClosesEachBeforeTheNext_AndCutByLengthIsIncomplete()
    {
        var (output, _) = Stream(Escapes);

        var events = Events(output);
        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
                "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.content_part.added", "response.refusal.delta",
                "response.refusal.done", "response.content_part.done", "response.output_item.done",
                "response.incomplete",
            ],
            events.Select(e => e.Type));
        Assert.Equal("rs_abc_0", events[2].Data.GetProperty("item").GetProperty("id").GetString());
        Assert.Equal("completed", events[7].Data.GetProperty("item").GetProperty("status").GetString());
        Assert.Equal(1, events[15].Data.GetProperty("content_index").GetInt32());
        Assert.Equal("incomplete", events[18].Data.GetProperty("item").GetProperty("status").GetString());
        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("""{"reason":"max_output_tokens"}""", response.GetProperty("incomplete_details").GetRawText());
        Assert.Equal(JsonValueKind.Null, response.GetProperty("usage").ValueKind);
    }

    [Fact]
    public void Feed_UsageChunk_CompletesTheResponse_AndDoneAddsNothing()
    {
        var mapper = new ResponsesStreamMapper(Context());
        var output = new ArrayBufferWriter<byte>();
        mapper.Feed(Encoding.UTF8.GetBytes(Chunk("""{"content":"x"}""") + Chunk("{}", "stop")), output);
        Assert.Null(mapper.Completed);
        Assert.DoesNotContain("response.completed", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);

        mapper.Feed(Encoding.UTF8.GetBytes(UsageChunk(4, 1)), output);
        Assert.NotNull(mapper.Completed);
        var written = output.WrittenCount;
        Assert.Equal(4, Events(Encoding.UTF8.GetString(output.WrittenSpan))[^1].Data.GetProperty("response").GetProperty("usage").GetProperty("input_tokens").GetInt32());

        mapper.Feed(Encoding.UTF8.GetBytes(Done + Chunk("""{"content":"late"}""")), output);
        Assert.Equal(written, output.WrittenCount);
    }

    [Fact]
    public void Feed_UsageWithTheFinishReason_CompletesAtOnce()
    {
        var finishWithUsage = Chunk("{}", "stop").Replace("]}\n\n", "]," + UsageChunk()[(UsageChunk().IndexOf("\"usage\"", StringComparison.Ordinal))..], StringComparison.Ordinal);

        var (output, mapper) = Stream(Chunk("""{"content":"x"}""") + finishWithUsage);

        Assert.Equal(11, JsonDocument.Parse(mapper.Completed!.Response).RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("response.completed", Events(output)[^1].Type);
    }

    [Fact]
    public void Feed_ErrorEvent_WritesErrorThenFailed_AndIgnoresTheRest()
    {
        var mapper = new ResponsesStreamMapper(Context());
        var output = new ArrayBufferWriter<byte>();
        mapper.Feed(Encoding.UTF8.GetBytes(Chunk("""{"content":"x"}""") + """data: {"error":{"message":"Overloaded \"now\"","type":"server_error","param":null,"code":"overloaded"}}""" + "\n\n"), output);
        var written = output.WrittenCount;
        mapper.Feed(Encoding.UTF8.GetBytes(Chunk("""{"content":"y"}""") + UsageChunk() + Done), output);

        Assert.Equal(written, output.WrittenCount);
        Assert.Null(mapper.Completed);
        var events = Events(Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(["response.output_text.delta", "error", "response.failed"], events.TakeLast(3).Select(e => e.Type));
        Assert.Equal("""{"type":"error","sequence_number":5,"code":"overloaded","message":"Overloaded \"now\"","param":null}""", events[^2].Data.GetRawText());
        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("failed", response.GetProperty("status").GetString());
        Assert.Equal("""{"code":"overloaded","message":"Overloaded \"now\""}""", response.GetProperty("error").GetRawText());
    }

    [Fact]
    public void Feed_ErrorWithoutCode_UsesItsTypeInTheEvent_AndServerErrorInTheResponse()
    {
        var (output, _) = Stream("""data: {"error":{"message":"boom"}}""" + "\n\n");

        var events = Events(output);
        Assert.Equal(["response.created", "response.in_progress", "error", "response.failed"], events.Select(e => e.Type));
        Assert.Equal(JsonValueKind.Null, events[2].Data.GetProperty("code").ValueKind);
        Assert.Equal("server_error", events[3].Data.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void Feed_ToolCallsWithoutIndex_AreTwoCalls()
    {
        var (_, mapper) = Stream(
            Chunk("""{"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]}""")
            + Chunk("""{"tool_calls":[{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]}""") + Chunk("{}", "tool_calls") + Done);

        var output = JsonDocument.Parse(mapper.Completed!.Response).RootElement.GetProperty("output");
        Assert.Equal(["a:f:{\"x\":1}", "b:g:{}"], output.EnumerateArray().Select(i => $"{i.GetProperty("call_id")}:{i.GetProperty("name")}:{i.GetProperty("arguments")}"));
    }

    [Fact]
    public void Feed_NoContent_CompletesAtDone_WithNoOutput()
    {
        var (output, mapper) = Stream(Chunk("""{"role":"assistant","content":""}""") + Done);

        Assert.Equal(["response.created", "response.in_progress", "response.completed"], Events(output).Select(e => e.Type));
        Assert.Equal("""[{"role":"assistant","content":""}]""", Encoding.UTF8.GetString(mapper.Completed!.OutputMessages));
    }

    [Fact]
    public void Feed_GivesTheResponseTheWholeAnswerMapperGives_ForTheSameAnswer()
    {
        var whole = ResponsesResponseMapper.Map(Encoding.UTF8.GetBytes("""
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello", "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
              {"id": "call_2", "type": "function", "function": {"name": "time", "arguments": "{}"}}]}, "finish_reason": "tool_calls"}],
             "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18, "prompt_tokens_details": {"cached_tokens": 3}, "completion_tokens_details": {"reasoning_tokens": 2}}}
            """), Context());

        var (_, mapper) = Stream(TextAndTools);

        Assert.Equal(Encoding.UTF8.GetString(whole.Response), Encoding.UTF8.GetString(mapper.Completed!.Response));
        Assert.Equal(whole.OutputMessages, mapper.Completed.OutputMessages);
    }
}
