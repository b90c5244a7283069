using System.Text;
using Gateway.Operations;
using Gateway.Operations.Responses;
using Gateway.Protocols.Responses;
using Gateway.Tests.Protocols.Responses;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Operations.Responses;

public sealed class ResponsesFirstTokenDetectorTests
{
    private const string Created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}\n\n";
    private const string MessageAdded = "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[]}}\n\n";

    public static TheoryData<string, string> Streams => new()
    {
        { Created + MessageAdded, "NeedMore" },
        { Created + MessageAdded + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"delta\":\"Hi\"}\n\n", "Content" },
        { Created + "data: {\"type\":\"response.refusal.delta\",\"delta\":\"No\"}\n\n", "Content" },
        { Created + "data: {\"type\":\"response.reasoning_text.delta\",\"delta\":\"hm\"}\n\n", "Content" },
        { Created + "data: {\"type\":\"response.reasoning_summary_text.delta\",\"delta\":\"hm\"}\n\n", "Content" },
        { Created + "data: {\"type\":\"response.function_call_arguments.delta\",\"delta\":\"{\"}\n\n", "Content" },
        { Created + "data: {\"type\":\"response.output_item.added\",\"item\":{\"type\":\"function_call\",\"name\":\"f\"}}\n\n", "Content" },
        { Created + "data: {\"item\":{\"type\":\"web_search_call\"},\"type\":\"response.output_item.added\"}\n\n", "Content" },
        { Created + "data: {\"type\":\"response.output_item.added\",\"item\":{\"type\":\"reasoning\"}}\n\n", "NeedMore" },
        { Created + "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"output\":[]}}\n\n", "Done" },
        { Created + "data: {\"type\":\"response.incomplete\",\"response\":{\"status\":\"incomplete\"}}\n\n", "Done" },
        { Created + "event: error\ndata: {\"type\":\"error\",\"code\":\"x\",\"message\":\"overloaded\"}\n\n", "Error" },
        { Created + "data: {\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}}\n\n", "Error" },
        { Created + "data: {not json}\n\n" + ": comment\n\n", "NeedMore" },
        { Created + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}", "NeedMore" },
        { Created.Replace("\n", "\r\n", StringComparison.Ordinal) + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\r\n\r\n", "Content" },
        { Created.Replace("\n", "\r", StringComparison.Ordinal) + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\r\rdata: more", "Content" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Scan_WholeStream_GivesTheSignal(string stream, string expected)
    {
        Assert.Equal(expected, new ResponsesFirstTokenDetector().Scan(Encoding.UTF8.GetBytes(stream)).ToString());
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Scan_ByteByByte_GivesTheSameSignal(string stream, string expected)
    {
        Assert.Equal(expected, ScanByteByByte(Encoding.UTF8.GetBytes(stream), out _).ToString());
    }

    [Theory]
    [InlineData("event: error\ndata: {\"type\":\"error\",\"code\":null,\"message\":\"overloaded\",\"param\":null}\n\n", "overloaded")]
    [InlineData("data: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}}\n\n", "boom")]
    [InlineData("data: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":null}}\n\n", "The response failed.")]
    public void Scan_ErrorBeforeContent_KeepsTheMessage(string stream, string message)
    {
        var detector = new ResponsesFirstTokenDetector();
        Assert.Equal(StreamSignal.Error, detector.Scan(Encoding.UTF8.GetBytes(Created + stream)));
        Assert.Equal(message, detector.ErrorMessage);
    }

    [Theory]
    [InlineData("{\"content\":\"Hi\"}", "response.output_text.delta")]
    [InlineData("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}", "response.output_item.added")]
    [InlineData("{\"reasoning_content\":\"hm\"}", "response.reasoning_text.delta")]
    public void Scan_TheTranslatedStream_ReleasesAtItsFirstContentEvent(string delta, string firstContent)
    {
        var (output, _) = Stream(Chunk("""{"role":"assistant","content":""}""") + Chunk(delta) + Chunk("{}", "stop") + Done);
        var bytes = Encoding.UTF8.GetBytes(output);

        Assert.Equal(StreamSignal.Content, ScanByteByByte(bytes, out var at));
        var released = Encoding.UTF8.GetString(bytes, 0, at);
        Assert.EndsWith("\n\n", released, StringComparison.Ordinal);
        Assert.StartsWith("event: " + firstContent, released[released.TrimEnd('\n').LastIndexOf("event: ", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TranslatedStreamWithNoContent_IsDone()
    {
        var (output, _) = Stream(Chunk("""{"role":"assistant","content":""}""") + Chunk("{}", "stop") + UsageChunk());

        Assert.Equal(StreamSignal.Done, ScanByteByByte(Encoding.UTF8.GetBytes(output), out _));
    }

    /// <summary>Scans a growing prefix a byte at a time, as held bytes arrive; <paramref name="at"/> is how many bytes gave the signal.</summary>
    private static StreamSignal ScanByteByByte(byte[] bytes, out int at)
    {
        var detector = new ResponsesFirstTokenDetector();
        var signal = StreamSignal.NeedMore;
        for (at = 1; at <= bytes.Length; at++)
        {
            signal = detector.Scan(bytes.AsSpan(0, at));
            if (signal != StreamSignal.NeedMore)
            {
                break;
            }
        }

        return signal;
    }
}
