using System.Text;
using Gateway.Operations;
using Gateway.Operations.Messages;
using Gateway.Protocols.Messages;
using Gateway.Tests.Protocols.Messages;

namespace Gateway.Tests.Operations.Messages;

public sealed class MessagesFirstTokenDetectorTests
{
    private const string Start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n";
    private const string Ping = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
    private const string TextStart = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    private const string Stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static string Delta(string delta) => "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":" + delta + "}\n\n";

    public static TheoryData<string, string> Streams => new()
    {
        { Start + Ping + TextStart, "NeedMore" },
        { Start + Ping + TextStart + Delta("{\"type\":\"text_delta\",\"text\":\"Hi\"}"), "Content" },
        { Start + TextStart + Delta("{\"type\":\"text_delta\",\"text\":\"\"}"), "NeedMore" },
        { Start + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n", "NeedMore" },
        { Start + Delta("{\"type\":\"thinking_delta\",\"thinking\":\"Hmm\"}"), "Content" },
        { Start + Delta("{\"type\":\"signature_delta\",\"signature\":\"abc\"}"), "NeedMore" },
        { Start + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}\n\n", "Content" },
        { Start + Delta("{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}"), "Content" },
        { Start + Delta("{\"type\":\"input_json_delta\",\"partial_json\":\"\"}"), "NeedMore" },
        { Start + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":0}}\n\n" + Stop, "Done" },
        { Start + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", "Error" },
        { Start + "event: content_block_delta\ndata: {not json}\n\n", "NeedMore" },
        { Start.Replace("\n", "\r\n", StringComparison.Ordinal) + Delta("{\"type\":\"text_delta\",\"text\":\"Hi\"}").Replace("\n", "\r", StringComparison.Ordinal) + "data: more", "Content" },
        { Start + "data: {\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"},\"index\":0,\"type\":\"content_block_delta\"}\n\n", "Content" },
        { Start + Delta("{\"type\":\"text_delta\",\"text\":\"Hi\"}")[..^2], "NeedMore" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Scan_WholeStream_GivesTheSignal(string stream, string expected)
    {
        Assert.Equal(expected, new MessagesFirstTokenDetector().Scan(Encoding.UTF8.GetBytes(stream)).ToString());
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Scan_ByteByByte_GivesTheSameSignal_ScanningEachByteOnce(string stream, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var detector = new MessagesFirstTokenDetector();
        var signal = StreamSignal.NeedMore;
        var i = 0;
        while (i < bytes.Length && signal == StreamSignal.NeedMore)
        {
            signal = detector.Scan(bytes.AsSpan(0, ++i));
        }

        Assert.Equal(expected, signal.ToString());
        // Each byte once: all of them, but the byte after a lone CR that turned out to end the event.
        Assert.InRange(detector.BytesScanned, i - 1, i);
    }

    [Fact]
    public void Scan_ErrorEvent_KeepsItsMessage()
    {
        var detector = new MessagesFirstTokenDetector();
        detector.Scan(Encoding.UTF8.GetBytes(Start + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
        Assert.Equal("Overloaded", detector.ErrorMessage);
    }

    [Fact]
    public void Scan_TheGatewaysOwnTranslation_ReleasesAtTheFirstThinkingDelta()
    {
        var translated = MessagesStreamMapperTests.Feed(MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents), 7);
        var bytes = Encoding.UTF8.GetBytes(translated);
        var detector = new MessagesFirstTokenDetector();
        var signal = StreamSignal.NeedMore;
        var i = 0;
        while (signal == StreamSignal.NeedMore)
        {
            signal = detector.Scan(bytes.AsSpan(0, ++i));
        }

        Assert.Equal(StreamSignal.Content, signal);
        Assert.Equal(string.Concat(MessagesStreamMapperTests.Expected.Take(4)).Length, Encoding.UTF8.GetString(bytes, 0, i).Length);
    }
}
