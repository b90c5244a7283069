using System.Text;
using Gateway.Operations.Responses;
using Gateway.Protocols.Responses;
using Gateway.Sse;
using Gateway.Tests.Protocols.Responses;
using Gateway.Usage;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Operations.Responses;

public sealed class ResponsesStreamObserverTests
{
    [Fact]
    public void Observe_TranslatedStreamByteByByte_IsCompleteOnlyAtResponseCompleted_WithItsUsage()
    {
        var (output, _) = Stream(Chunk("""{"content":"Hi"}""") + Chunk("{}", "stop") + UsageChunk(21, 4) + Done);
        var events = Frame(output);
        var observer = new ResponsesStreamObserver();

        foreach (var sseEvent in events[..^1])
        {
            observer.Observe(sseEvent);
            Assert.False(observer.Complete);
            Assert.Null(observer.Usage);
        }

        observer.Observe(events[^1]);
        Assert.True(observer.Complete);
        Assert.Equal(new TokenUsage(21, 4), observer.Usage);
    }

    [Fact]
    public void Observe_ResponseIncomplete_IsComplete()
    {
        var (output, _) = Stream(Chunk("""{"content":"Hi"}""", "length") + Done);
        var observer = Observe(output);

        Assert.True(observer.Complete);
        Assert.Null(observer.Usage);
    }

    [Fact]
    public void Observe_ErrorAndFailed_AreNotComplete()
    {
        var (output, _) = Stream(Chunk("""{"content":"Hi"}""") + "data: {\"error\":{\"message\":\"boom\"}}\n\n");

        Assert.False(Observe(output).Complete);
    }

    [Fact]
    public void Observe_CutStream_IsNotComplete()
    {
        var (output, _) = Stream(Chunk("""{"content":"Hi"}""") + Chunk("{}", "stop"));

        Assert.False(Observe(output).Complete);
    }

    [Theory]
    [InlineData("data: {\"type\":\"response.completed\",\"sequence_number\":9,\"response\":{\"id\":\"r\",\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":87,\"total_tokens\":123}}}\r\n\r\n", true, 36, 87)]
    [InlineData("event: response.completed\ndata: {\"sequence_number\":9,\"response\":{\"usage\":{\"output_tokens\":5,\"input_tokens\":2}},\"type\":\"response.completed\"}\n\n", true, 2, 5)]
    [InlineData("data: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n", false, 3, 0)]
    [InlineData("data: {\"type\":\"response.output_text.delta\",\"delta\":\"\\\"usage\\\":{\\\"input_tokens\\\":9} response.completed\"}\n\n", false, -1, -1)]
    [InlineData("data: {\"type\":\"response.completed\",\"response\":{\"usage\":null}}\n\n", true, -1, -1)]
    [InlineData("data: {\"type\":\"response.completed\",\"response\":{\"output\":[{\"usage\":{\"input_tokens\":7}}],\"usage\":{\"input_tokens\":1.5,\"output_tokens\":\"4\"}}}\n\n", true, 0, 0)]
    [InlineData("data: {\"type\":\"response.completed\",\"usage\":{\"input_tokens\":7},\"response\":[1]}\n\n", true, -1, -1)]
    [InlineData("data: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}\n\n", true, -1, -1)]
    [InlineData("data: [\"response.completed\"]\n\n", false, -1, -1)]
    public void Observe_NativeOpenAIEvents_ReadsTheEndAndUsage(string sseEvent, bool complete, long input, long output)
    {
        var observer = new ResponsesStreamObserver();
        observer.Observe(Encoding.UTF8.GetBytes(sseEvent));

        Assert.Equal(complete, observer.Complete);
        Assert.Equal(input < 0 ? null : new TokenUsage(input, output), observer.Usage);
    }

    private static ResponsesStreamObserver Observe(string stream)
    {
        var observer = new ResponsesStreamObserver();
        foreach (var sseEvent in Frame(stream))
        {
            observer.Observe(sseEvent);
        }

        return observer;
    }

    /// <summary>The complete events of a stream, framed from its bytes one at a time as the forwarder would.</summary>
    private static byte[][] Frame(string stream)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var framer = new SseEventFramer();
        var events = new List<byte[]>();
        var start = 0;
        for (var at = 0; at < bytes.Length; at++)
        {
            if (framer.Advance(bytes.AsSpan(at, 1)) >= 0)
            {
                events.Add(bytes[start..(at + 1)]);
                start = at + 1;
            }
        }

        Assert.Equal(bytes.Length, start);
        return [.. events];
    }
}
