using System.Buffers;
using System.Text;
using Gateway.Protocols.Messages;

namespace Gateway.Tests.Protocols.Messages;

public sealed class MessagesStreamMapperTests
{
    /// <summary>Reasoning, text with a four-byte emoji, two tool calls streamed in pieces, the finish, the usage chunk, [DONE].</summary>
    internal static readonly string[] ChatEvents =
    [
        """data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"Plan"},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":" it."},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hé 😀"},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"clock","arguments":"{\"tz\":"}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"CET\"}"}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
        """data: {"id":"c1","choices":[],"usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80,"prompt_tokens_details":{"cached_tokens":10}}}""",
        "data: [DONE]",
    ];

    internal static readonly string[] Expected =
    [
        Ev("message_start", """{"type":"message_start","message":{"id":"msg_c1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}"""),
        Ev("ping", """{"type":"ping"}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Plan"}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" it."}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":""}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hé 😀"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":1}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_a","name":"weather","input":{}}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":2}"""),
        Ev("content_block_start", """{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"call_b","name":"clock","input":{}}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"tz\":"}}"""),
        Ev("content_block_delta", """{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"\"CET\"}"}}"""),
        Ev("content_block_stop", """{"type":"content_block_stop","index":3}"""),
        Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":10,"output_tokens":30}}"""),
        Ev("message_stop", """{"type":"message_stop"}"""),
    ];

    /// <summary>How many of <see cref="Expected"/> are out once each chat event is fed: each as soon as the event that completes it.</summary>
    private static readonly int[] EventsOutAfter = [2, 4, 5, 9, 11, 12, 13, 16, 17, 17, 20, 20];

    internal static string Ev(string name, string json) => "event: " + name + "\ndata: " + json + "\n\n";

    internal static byte[] Bytes(IEnumerable<string> events) => Encoding.UTF8.GetBytes(string.Concat(events.Select(e => e + "\n\n")));

    internal static string Feed(byte[] bytes, int split, MessagesStreamMapper? mapper = null)
    {
        mapper ??= new MessagesStreamMapper("claude-x");
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Feed_TextThinkingAndTwoToolCalls_AtEverySplitSize_ByteIdentical()
    {
        var bytes = Bytes(ChatEvents);
        var expected = string.Concat(Expected);
        for (var split = 1; split <= bytes.Length; split++)
        {
            var mapper = new MessagesStreamMapper("claude-x");
            Assert.Equal(expected, Feed(bytes, split, mapper));
            Assert.Equal(bytes.Length, mapper.BytesScanned);
            Assert.True(mapper.Ended);
        }
    }

    [Fact]
    public void Feed_EachEvent_WrittenAsSoonAsTheChatEventThatCompletesItIsFed()
    {
        var mapper = new MessagesStreamMapper("claude-x");
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < ChatEvents.Length; i++)
        {
            var bytes = Bytes([ChatEvents[i]]);
            mapper.Feed(bytes.AsSpan(0, bytes.Length - 1), output);
            var before = Encoding.UTF8.GetString(output.WrittenSpan);
            mapper.Feed(bytes.AsSpan(bytes.Length - 1), output);

            Assert.Equal(string.Concat(Expected.Take(i == 0 ? 0 : EventsOutAfter[i - 1])), before);
            Assert.Equal(string.Concat(Expected.Take(EventsOutAfter[i])), Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    [Fact]
    public void Feed_ErrorEvent_BecomesAnAnthropicErrorEvent_AndEndsTheStream()
    {
        var output = Feed(Bytes([ChatEvents[0], """data: {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""", ChatEvents[3], "data: [DONE]"]), 5);

        Assert.Equal(string.Concat(Expected.Take(2)) + Ev("error", """{"type":"error","error":{"type":"rate_limit_error","message":"Rate limit reached"}}"""), output);
    }

    [Theory]
    [InlineData("""{"message":"boom","type":"server_error"}""", "api_error")]
    [InlineData("""{"message":"boom","code":429}""", "rate_limit_error")]
    [InlineData("""{"message":"boom","type":"invalid_request_error"}""", "invalid_request_error")]
    [InlineData("""{"message":"boom","code":"overloaded"}""", "overloaded_error")]
    [InlineData("\"boom\"", "api_error")]
    public void Feed_ErrorBeforeAnyChunk_IsOnlyTheErrorEvent(string error, string type)
    {
        Assert.Equal(Ev("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"boom\"}}"), Feed(Bytes(["data: {\"error\":" + error + "}"]), 1));
    }

    [Fact]
    public void Feed_DoneWithoutChunks_IsAnEmptyMessage()
    {
        Assert.Equal(
            Ev("message_start", """{"type":"message_start","message":{"id":"msg_gateway","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}""")
            + Expected[1]
            + Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}""")
            + Expected[^1],
            Feed(Bytes([": keep-alive", "data: [DONE]"]), 2));
    }

    [Fact]
    public void Feed_UsageInTheFinishChunk_EndsThere_LaterEventsIgnored()
    {
        var output = Feed(Bytes([
            ChatEvents[3],
            """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"length"}],"usage":{"prompt_tokens":7,"completion_tokens":2}}""",
            ChatEvents[3], "data: [DONE]"]), 3);

        Assert.EndsWith(
            Ev("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}""")
            + Ev("content_block_stop", """{"type":"content_block_stop","index":0}""")
            + Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}""")
            + Expected[^1], output);
        Assert.Single(output.Split("Hé 😀").Skip(1));
    }

    [Fact]
    public void Feed_UsageBeforeTheFinish_IsKeptForTheEnd_NullUsageIgnored()
    {
        var output = Feed(Bytes([
            """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":null}""",
            """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""",
            """data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "data: [DONE]"]), 64);

        Assert.Contains(Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}"""), output, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFinish_AfterTheFinishReason_EndsTheMessage_BeforeIt_WritesNothing()
    {
        var cut = new MessagesStreamMapper("claude-x");
        var output = new ArrayBufferWriter<byte>();
        cut.Feed(Bytes(ChatEvents.Take(4)), output);
        var written = output.WrittenCount;
        Assert.False(cut.TryFinish(output));
        Assert.Equal(written, output.WrittenCount);

        var finished = new MessagesStreamMapper("claude-x");
        output.Clear();
        finished.Feed(Bytes(ChatEvents.Take(10)), output);
        Assert.True(finished.TryFinish(output));
        Assert.True(finished.TryFinish(output));
        Assert.EndsWith(Ev("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}""") + Expected[^1],
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Feed_AnEventLongerThanTheCap_FailsTheStream()
    {
        var mapper = new MessagesStreamMapper("m");
        var output = new ArrayBufferWriter<byte>();
        var piece = new byte[64 * 1024];
        Array.Fill(piece, (byte)'a');
        mapper.Feed("data: {\"x\":\""u8, output);
        Assert.Throws<InvalidDataException>(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                mapper.Feed(piece, output);
            }
        });
    }

    [Fact]
    public void Feed_NotJson_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => Feed(Bytes(["data: {not json"]), 4));
    }
}
