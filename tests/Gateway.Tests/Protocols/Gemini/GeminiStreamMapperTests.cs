using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Operations;
using Gateway.Operations.Gemini;
using Gateway.Protocols.Gemini;

namespace Gateway.Tests.Protocols.Gemini;

public sealed class GeminiStreamMapperTests
{
    /// <summary>An empty first delta, reasoning, text with a two-byte letter, one tool call in pieces, the finish, the usage chunk, [DONE].</summary>
    internal static readonly string[] ChatEvents =
    [
        """data: {"id":"c1","model":"gpt-4o","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"Plan"},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hé"},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}""",
        """data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
        """data: {"id":"c1","choices":[],"usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80,"prompt_tokens_details":{"cached_tokens":10},"completion_tokens_details":{"reasoning_tokens":12}}}""",
        "data: [DONE]",
    ];

    internal static readonly string[] Elements =
    [
        """{"candidates":[{"content":{"parts":[{"text":"Plan","thought":true}],"role":"model"},"index":0}],"modelVersion":"gpt-4o","responseId":"c1"}""",
        """{"candidates":[{"content":{"parts":[{"text":"Hé"}],"role":"model"},"index":0}],"modelVersion":"gpt-4o","responseId":"c1"}""",
        """{"candidates":[{"content":{"parts":[{"text":" there"}],"role":"model"},"index":0}],"modelVersion":"gpt-4o","responseId":"c1"}""",
        """{"candidates":[{"content":{"parts":[{"functionCall":{"id":"call_a","name":"weather","args":{"city":"Paris"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":18,"totalTokenCount":80,"thoughtsTokenCount":12,"cachedContentTokenCount":10},"modelVersion":"gpt-4o","responseId":"c1"}""",
    ];

    /// <summary>How many of <see cref="Elements"/> are out once each chat event is fed: text at once, the calls with the end.</summary>
    private static readonly int[] ElementsOutAfter = [0, 1, 2, 3, 3, 3, 3, 3, 4, 4];

    internal static string Sse(IEnumerable<string> elements) => string.Concat(elements.Select(e => "data: " + e + "\r\n\r\n"));

    internal static string Array(IReadOnlyList<string> elements, bool closed) =>
        string.Concat(elements.Select((e, i) => (i == 0 ? "[" : ",") + e + "\n\n")) + (closed ? "]" : "");

    internal static byte[] Bytes(IEnumerable<string> events) => Encoding.UTF8.GetBytes(string.Concat(events.Select(e => e + "\n\n")));

    internal static string Feed(byte[] bytes, int split, GeminiStreamMapper mapper, bool end = false)
    {
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        if (end)
        {
            mapper.Feed([], output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Feed_ReasoningTextAndAToolCall_AtEverySplitSize_ByteIdentical(bool sse)
    {
        var framing = sse ? GeminiFraming.Sse : GeminiFraming.JsonArray;
        var bytes = Bytes(ChatEvents);
        var expected = framing == GeminiFraming.Sse ? Sse(Elements) : Array(Elements, closed: true);
        for (var split = 1; split <= bytes.Length; split++)
        {
            var mapper = new GeminiStreamMapper("asked-model", includeThoughts: true, framing);
            Assert.Equal(expected, Feed(bytes, split, mapper, end: true));
            Assert.Equal(bytes.Length, mapper.BytesScanned);
            Assert.True(mapper.Ended);
        }
    }

    [Fact]
    public void Feed_EachElement_GoesOutWithTheEventThatCompletesIt()
    {
        var mapper = new GeminiStreamMapper("asked-model", includeThoughts: true, GeminiFraming.Sse);
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < ChatEvents.Length; i++)
        {
            mapper.Feed(Encoding.UTF8.GetBytes(ChatEvents[i] + "\n\n"), output);
            Assert.Equal(Sse(Elements.Take(ElementsOutAfter[i])), Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    [Fact]
    public void Feed_JsonArray_IsOneJsonArrayOfTheElements()
    {
        var body = Feed(Bytes(ChatEvents), 7, new GeminiStreamMapper("asked-model", includeThoughts: true, GeminiFraming.JsonArray));

        using var document = JsonDocument.Parse(body);
        Assert.Equal(Elements, document.RootElement.EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public void Feed_WithoutIncludeThoughts_LeavesTheReasoningOut()
    {
        var body = Feed(Bytes(ChatEvents), 64, new GeminiStreamMapper("asked-model", includeThoughts: false, GeminiFraming.Sse));

        Assert.Equal(Sse(Elements.Skip(1)), body);
    }

    [Fact]
    public void Feed_FinishWithoutUsageOrDone_EndsWhenTheSourceEnds()
    {
        var bytes = Bytes([
            """data: {"id":"c2","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
            """data: {"id":"c2","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""",
        ]);
        var mapper = new GeminiStreamMapper("asked-model", includeThoughts: false, GeminiFraming.JsonArray);

        var body = Feed(bytes, 5, mapper, end: true);

        Assert.Equal(Array([
            """{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}],"modelVersion":"m","responseId":"c2"}""",
            """{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"MAX_TOKENS","index":0}],"modelVersion":"m","responseId":"c2"}""",
        ], closed: true), body);
        Assert.True(mapper.Ended);
    }

    [Fact]
    public void Feed_CutBeforeTheFinish_WritesNoEnd()
    {
        var mapper = new GeminiStreamMapper("asked-model", includeThoughts: false, GeminiFraming.JsonArray);

        var body = Feed(Bytes([ChatEvents[2]]), 3, mapper, end: true);

        Assert.Equal(Array([Elements[1].Replace("\"modelVersion\":\"gpt-4o\"", "\"modelVersion\":\"asked-model\"", StringComparison.Ordinal)], closed: false), body);
        Assert.False(mapper.Ended);
    }

    [Theory]
    [InlineData(true, "data: {\"error\":{\"code\":503,\"message\":\"Overloaded\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n")]
    [InlineData(false, "[{\"error\":{\"code\":503,\"message\":\"Overloaded\",\"status\":\"UNAVAILABLE\"}}\n\n")]
    public void Feed_AnErrorEvent_IsAGoogleErrorElement_AndEndsTheStream(bool sse, string expected)
    {
        var framing = sse ? GeminiFraming.Sse : GeminiFraming.JsonArray;
        var mapper = new GeminiStreamMapper("asked-model", includeThoughts: false, framing);

        var body = Feed(Bytes(["""data: {"error":{"message":"Overloaded","type":"overloaded_error"}}""", ChatEvents[2]]), 11, mapper);

        Assert.Equal(expected, body);
        Assert.True(mapper.Ended);
        var detector = new GeminiFirstTokenDetector();
        Assert.Equal(StreamSignal.Error, detector.Scan(Encoding.UTF8.GetBytes(body)));
        Assert.Equal("Overloaded", detector.ErrorMessage);
    }

    [Fact]
    public void Feed_ErrorAfterContent_InTheJsonArray_IsAnotherElement()
    {
        var mapper = new GeminiStreamMapper("asked-model", includeThoughts: false, GeminiFraming.JsonArray);

        var body = Feed(Bytes([ChatEvents[2], """data: {"error":{"message":"Too many","code":429}}"""]), 9, mapper);

        // The forwarder, seeing no finish, adds its own error element and closes the array: still one JSON array.
        using var document = JsonDocument.Parse(body + Encoding.UTF8.GetString(GeminiOperation.JsonArray.StreamError("cut")));
        Assert.Equal(3, document.RootElement.GetArrayLength());
        Assert.StartsWith("[{\"candidates\"", body, StringComparison.Ordinal);
        Assert.EndsWith(",{\"error\":{\"code\":429,\"message\":\"Too many\",\"status\":\"RESOURCE_EXHAUSTED\"}}\n\n", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheClientsStream_AtEverySplitSize_IsReleasedAtTheFirstElement_AndObservedToItsUsage(bool sse)
    {
        var framing = sse ? GeminiFraming.Sse : GeminiFraming.JsonArray;
        var client = Encoding.UTF8.GetBytes(framing == GeminiFraming.Sse ? Sse(Elements) : Array(Elements, closed: true));
        var first = Encoding.UTF8.GetByteCount(framing == GeminiFraming.Sse ? Sse(Elements.Take(1)) : Array(Elements.Take(1).ToList(), closed: false));
        for (var split = 1; split <= client.Length; split++)
        {
            var detector = new GeminiFirstTokenDetector();
            var signal = StreamSignal.NeedMore;
            var held = 0;
            while (signal == StreamSignal.NeedMore && held < client.Length)
            {
                held = Math.Min(held + split, client.Length);
                signal = detector.Scan(client.AsSpan(0, held));
            }

            Assert.Equal(StreamSignal.Content, signal);
            Assert.True(held >= first && held < first + split, $"released at {held} of {client.Length}, split {split}");

            var observer = new GeminiStreamObserver(count: true);
            using var filter = new ObservingStreamFilter(observer);
            using var sink = new MemoryStream();
            for (var at = 0; at < client.Length; at += split)
            {
                await filter.WriteAsync(client.AsMemory(at, Math.Min(split, client.Length - at)), sink, CancellationToken.None);
            }

            Assert.Equal(client, sink.ToArray());
            Assert.True(filter.Complete);
            Assert.Equal(new Gateway.Usage.TokenUsage(50, 30), filter.Usage);
            Assert.True(filter.PassedTokens > 0);
        }
    }
}
