using System.Text;
using Gateway.Operations.Messages;
using Gateway.Protocols.Messages;
using Gateway.Sse;
using Gateway.Tests.Protocols.Messages;
using Gateway.Usage;

namespace Gateway.Tests.Operations.Messages;

public sealed class MessagesStreamObserverTests
{
    /// <summary>A native Anthropic stream: cache reads and writes in message_start, output in message_delta.</summary>
    private const string Native =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"cache_creation_input_tokens\":10,\"cache_read_input_tokens\":100,\"output_tokens\":2}}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hé\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    /// <summary>Frames the stream byte by byte, as the forwarder would from any split, and hands over each whole event.</summary>
    private static MessagesStreamObserver Observe(string stream, Action<MessagesStreamObserver, int>? afterEvent = null)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var observer = new MessagesStreamObserver();
        var framer = new SseEventFramer();
        var (start, events) = (0, 0);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (framer.Advance(bytes.AsSpan(i, 1)) > 0)
            {
                observer.Observe(bytes.AsSpan(start, i + 1 - start));
                start = i + 1;
                afterEvent?.Invoke(observer, ++events);
            }
        }

        return observer;
    }

    [Fact]
    public void Observe_NativeStream_InputWithCacheFromTheStart_OutputFromTheLastDelta_CompleteAtStop()
    {
        var observer = Observe(Native, (o, events) =>
        {
            Assert.Equal(events == 8, o.Complete);
            Assert.Equal(events switch { < 6 => new TokenUsage(582, 2), 6 => new TokenUsage(582, 15), _ => new TokenUsage(582, 89) }, o.Usage);
        });

        Assert.True(observer.Complete);
        Assert.Equal(new TokenUsage(582, 89), observer.Usage);
    }

    [Fact]
    public void Observe_TheGatewaysOwnTranslation_InputFromTheDelta()
    {
        var translated = MessagesStreamMapperTests.Feed(MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents), 11);
        var observer = Observe(translated);

        Assert.True(observer.Complete);
        Assert.Equal(new TokenUsage(50, 30), observer.Usage);
    }

    [Fact]
    public void Observe_CutStream_NotComplete_NoUsageBeforeAny()
    {
        Assert.Null(new MessagesStreamObserver().Usage);
        var observer = Observe(Native[..Native.IndexOf("event: message_stop", StringComparison.Ordinal)]);
        Assert.False(observer.Complete);
        Assert.Equal(new TokenUsage(582, 89), observer.Usage);
    }

    [Fact]
    public void Observe_ErrorOrBrokenEvents_NeitherCompleteNorUsage()
    {
        var observer = Observe("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":\n\n: comment\n\n");
        Assert.False(observer.Complete);
        Assert.Null(observer.Usage);
    }
}
