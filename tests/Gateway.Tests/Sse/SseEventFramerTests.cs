using System.Text;
using Gateway.Sse;

namespace Gateway.Tests.Sse;

public sealed class SseEventFramerTests
{
    // Every way an event can end, mixed in one stream: LF, CRLF, lone CR, and a CR that ends one piece.
    private static readonly string[] Events =
    [
        "data: a\n\n",
        "data: b\r\n\r\n",
        "data: c\r\r",
        "event: x\ndata: d\r\n\n",
        ": comment\n\n",
        "data: e\n\r\n",
        "data: f\r\r\n",
        "data: g\n\r",
        "data: h\r\n\r\n",
    ];

    private const string Unterminated = "data: tail\r\n";

    [Fact]
    public void Advance_WholeStream_FindsEveryEventEnd()
    {
        Assert.Equal([.. Events, Unterminated], Frame(Encoding.UTF8.GetBytes(string.Concat(Events) + Unterminated), split: int.MaxValue));
    }

    [Fact]
    public void Advance_EverySplitSize_FindsTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Events) + Unterminated);
        for (var split = 1; split <= bytes.Length; split++)
        {
            Assert.Equal([.. Events, Unterminated], Frame(bytes, split));
        }
    }

    [Fact]
    public void Advance_CrEndingAPiece_WaitsForTheNextByte_ThenEndsBeforeIt()
    {
        var framer = new SseEventFramer();
        Assert.Equal(-1, framer.Advance("data: x\n\r"u8));
        Assert.Equal(0, framer.Advance("data: y"u8));
        Assert.Equal(-1, framer.Advance("data: y"u8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(16 * 1024)]
    public void Advance_FourMegabyteLine_LooksAtEachByteOnce(int split)
    {
        var bytes = new byte[4 * 1024 * 1024 + 2];
        bytes.AsSpan().Fill((byte)'x');
        bytes[^2] = bytes[^1] = (byte)'\n';
        var framer = new SseEventFramer();
        var ends = 0;
        for (var at = 0; at < bytes.Length; at += split)
        {
            var piece = bytes.AsSpan(at, Math.Min(split, bytes.Length - at));
            var end = framer.Advance(piece);
            ends += end >= 0 ? 1 : 0;
            Assert.True(end < 0 || at + end == bytes.Length);
        }

        Assert.Equal(1, ends);
        Assert.Equal(bytes.Length, framer.BytesScanned);
    }

    [Fact]
    public void IsOverLimit_EventLongerThanTheCap_UntilItEnds()
    {
        var framer = new SseEventFramer(maxEventBytes: 10);
        Assert.Equal(-1, framer.Advance("data: 0123"u8));
        Assert.False(framer.IsOverLimit);
        Assert.Equal(-1, framer.Advance("4"u8));
        Assert.True(framer.IsOverLimit);
        Assert.Equal(2, framer.Advance("\n\ndata: next"u8));
        Assert.Equal((0, false), (framer.EventLength, framer.IsOverLimit));
    }

    /// <summary>Feeds <paramref name="bytes"/> in pieces and cuts events where the framer says, as its callers do.</summary>
    private static List<string> Frame(byte[] bytes, int split)
    {
        var framer = new SseEventFramer();
        var (events, start) = (new List<string>(), 0);
        for (var at = 0; at < bytes.Length; at += split)
        {
            var piece = Math.Min(split, bytes.Length - at);
            var scanned = at;
            int end;
            while (scanned < at + piece && (end = framer.Advance(bytes.AsSpan(scanned, at + piece - scanned))) >= 0)
            {
                events.Add(Encoding.UTF8.GetString(bytes, start, scanned + end - start));
                scanned = start = scanned + end;
            }
        }

        events.Add(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
        Assert.Equal(bytes.Length, framer.BytesScanned);
        return events;
    }
}
