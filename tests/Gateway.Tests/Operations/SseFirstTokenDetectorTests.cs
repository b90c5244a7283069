using System.Text;
using Gateway.Operations;

namespace Gateway.Tests.Operations;

public sealed class SseFirstTokenDetectorTests
{
    private const string Role = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private const string Content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n";

    public static TheoryData<string, string> Streams => new()
    {
        { Role, "NeedMore" },
        { Role + Content, "Content" },
        { ": keep-alive\n\n" + Role.Replace("\n", "\r\n", StringComparison.Ordinal) + Content.Replace("\n", "\r\n", StringComparison.Ordinal), "Content" },
        { Role + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"}}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":null}}]}\n\n", "NeedMore" },
        { Role + "data: [DONE]\n\n", "Done" },
        { Role + "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n", "Error" },
        { Role + "data: {not json}\n\n", "NeedMore" },
        // A repeated name counts by its last value (as JsonElement.TryGetProperty finds it); only a whole value is judged.
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"choices\":[]}\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[],\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\",\"content\":\"\"}}]}\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"delta\":null}]}\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[{\"finish_reason\":\"stop\",\"finish_reason\":null}]}\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[1,{\"text\":\"a\"}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"text\":\"\"}]}\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"\\u0041\"}}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"delta\":{\"function_call\":{\"name\":\"f\"}}}]}\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]} trailing\n\n", "Content" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}], bad}\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]\n\n", "NeedMore" },
        { Role + "data: [{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}]\n\n", "NeedMore" },
        { Role + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"error\":null}\n\n", "Error" },
        { "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}", "NeedMore" },
        { Role.Replace("\n", "\r", StringComparison.Ordinal) + Content.Replace("\n", "\r", StringComparison.Ordinal) + "data: more", "Content" },
        { Role.Replace("\n\n", "\n\r\n", StringComparison.Ordinal) + Content.Replace("\n\n", "\r\r\n", StringComparison.Ordinal) + "data: more", "Content" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Scan_WholeStream_GivesTheSignal(string stream, string expected)
    {
        Assert.Equal(expected, new SseFirstTokenDetector().Scan(Encoding.UTF8.GetBytes(stream)).ToString());
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Scan_ByteByByte_GivesTheSameSignal(string stream, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var detector = new SseFirstTokenDetector();
        var signal = StreamSignal.NeedMore;
        for (var i = 1; i <= bytes.Length && signal == StreamSignal.NeedMore; i++)
        {
            signal = detector.Scan(bytes.AsSpan(0, i));
        }

        Assert.Equal(expected, signal.ToString());
    }

    [Fact]
    public void Scan_ErrorEvent_KeepsTheUpstreamMessage()
    {
        var detector = new SseFirstTokenDetector();
        detector.Scan(Encoding.UTF8.GetBytes("data: {\"error\":{\"message\":\"overloaded\"}}\n\n"));
        Assert.Equal("overloaded", detector.ErrorMessage);
    }

    [Theory]
    [InlineData("{\"error\":\"plain\"}", "plain")]
    [InlineData("{\"error\":{\"message\":\"first\"},\"error\":{\"message\":\"last\"}}", "last")]
    [InlineData("{\"error\":{\"code\":5}}", "{\"code\":5}")]
    public void Scan_ErrorEvent_MessageAsTheDocumentGivesIt(string json, string message)
    {
        var detector = new SseFirstTokenDetector();
        Assert.Equal(StreamSignal.Error, detector.Scan(Encoding.UTF8.GetBytes("data: " + json + "\n\n")));
        Assert.Equal(message, detector.ErrorMessage);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16 * 1024)]
    public void Scan_LongLineGrowingByPieces_LooksAtEachByteOnce(int split)
    {
        var held = new byte[256 * 1024];
        held.AsSpan().Fill((byte)'x');
        "data: "u8.CopyTo(held);
        var detector = new SseFirstTokenDetector();
        for (var length = split; length < held.Length + split; length += split)
        {
            Assert.Equal(StreamSignal.NeedMore, detector.Scan(held.AsSpan(0, Math.Min(length, held.Length))));
        }

        Assert.Equal(held.Length, detector.BytesScanned);
    }
}
