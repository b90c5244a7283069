using System.Buffers;
using System.Text;
using Gateway.Sse;

namespace Gateway.Tests.Sse;

public sealed class SseEventFeederTests
{
    private const string Stream = "data: a\n\nevent: x\r\ndata: bb\r\n\r\n: comment\r\rdata: ccc\n\n";

    private static readonly string[] Events = ["data: a\n\n", "event: x\r\ndata: bb\r\n\r\n", ": comment\r\r", "data: ccc\n\n"];

    [Fact]
    public void Feed_EverySplitSize_MapsEachEventOnceInOrderAndScansEachByteOnce()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream + "data: tail");
        for (var split = 1; split <= bytes.Length; split++)
        {
            var feeder = new SseEventFeeder();
            var mapped = new List<string>();
            for (var at = 0; at < bytes.Length; at += split)
            {
                feeder.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), new ArrayBufferWriter<byte>(), (e, _) => mapped.Add(Encoding.UTF8.GetString(e)));
            }

            Assert.Equal(Events, mapped);
            Assert.Equal(bytes.Length, feeder.BytesScanned);
            Assert.Equal("data: tail".Length, feeder.HeldBytes);
        }
    }

    [Fact]
    public void Feed_CallbackWrites_GoToTheGivenOutput()
    {
        var output = new ArrayBufferWriter<byte>();

        new SseEventFeeder().Feed(Encoding.UTF8.GetBytes(Stream), output, (e, o) => o.Write(e[..1]));

        Assert.Equal("de:d", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Feed_WholeEventsInOneFeed_HoldsNothing()
    {
        var feeder = new SseEventFeeder();
        var mapped = 0;

        feeder.Feed("data: a\n\ndata: b\n\n"u8, new ArrayBufferWriter<byte>(), (_, _) => mapped++);

        Assert.Equal((2, 0), (mapped, feeder.HeldBytes));
    }

    [Fact]
    public void Feed_SplitEventThenItsEnd_MapsItWholeAndReleasesTheHold()
    {
        var feeder = new SseEventFeeder();
        var mapped = new List<string>();
        void Map(ReadOnlySpan<byte> e, IBufferWriter<byte> _) => mapped.Add(Encoding.UTF8.GetString(e));

        feeder.Feed("data: he"u8, new ArrayBufferWriter<byte>(), Map);
        Assert.Equal(8, feeder.HeldBytes);
        feeder.Feed("llo\n\ndata: next\n\n"u8, new ArrayBufferWriter<byte>(), Map);

        Assert.Equal(["data: hello\n\n", "data: next\n\n"], mapped);
        Assert.Equal(0, feeder.HeldBytes);
    }

    [Fact]
    public void Feed_EventOfExactlyTheCap_IsMappedWholeOrSplit()
    {
        var bytes = Encoding.UTF8.GetBytes("data: 0123456789\n\n");
        foreach (var split in new[] { 1, 5, bytes.Length })
        {
            var feeder = new SseEventFeeder(bytes.Length);
            var mapped = 0;
            for (var at = 0; at < bytes.Length; at += split)
            {
                feeder.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), new ArrayBufferWriter<byte>(), (_, _) => mapped++);
            }

            Assert.Equal(1, mapped);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(19)]
    public void Feed_EventPastTheCap_ThrowsInvalidDataWhateverTheSplit(int split)
    {
        var bytes = Encoding.UTF8.GetBytes("data: 0123456789x\n\n");
        var feeder = new SseEventFeeder(bytes.Length - 1);
        var mapped = 0;

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            for (var at = 0; at < bytes.Length; at += split)
            {
                feeder.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), new ArrayBufferWriter<byte>(), (_, _) => mapped++);
            }
        });

        Assert.Equal($"An event from the provider is longer than {bytes.Length - 1} bytes.", error.Message);
        Assert.Equal(0, mapped);
    }
}
