using System.Text;
using Gateway.Operations;
using Gateway.Sse;
using Gateway.Usage;

namespace Gateway.Tests.Operations;

public sealed class ObservingStreamFilterTests
{
    private sealed class RecordingObserver : IStreamObserver
    {
        public List<string> Events { get; } = [];

        public bool Complete => Events.Any(e => e.Contains("end", StringComparison.Ordinal));

        public TokenUsage? Usage => null;

        public int PassedTokens => 0;

        public void Observe(ReadOnlySpan<byte> sseEvent) => Events.Add(Encoding.UTF8.GetString(sseEvent));
    }

    private const string Stream = "event: a\ndata: {\"x\":1}\n\nevent: b\r\ndata: {\"y\":\"\u00e9\"}\r\n\r\ndata: end\n\n";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Write_PassesEveryByte_AndShowsEachWholeEventOnce_AtEverySplit(int split)
    {
        var observer = new RecordingObserver();
        using var filter = new ObservingStreamFilter(observer);
        var output = new MemoryStream();
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var at = 0; at < bytes.Length; at += split)
        {
            await filter.WriteAsync(bytes.AsMemory(at, Math.Min(split, bytes.Length - at)), output, default);
        }

        Assert.Equal(bytes, output.ToArray());
        Assert.Equal(["event: a\ndata: {\"x\":1}\n\n", "event: b\r\ndata: {\"y\":\"\u00e9\"}\r\n\r\n", "data: end\n\n"], observer.Events);
        Assert.True(filter.Complete);
    }

    [Fact]
    public async Task Write_AnEventOverTheCap_IsNotObserved_ButPasses_AndTheNextOneIs()
    {
        var observer = new RecordingObserver();
        using var filter = new ObservingStreamFilter(observer, maxEventBytes: 64);
        var output = new MemoryStream();
        var big = "data: " + new string('x', 200) + "\n\n";
        var bytes = Encoding.UTF8.GetBytes(big + "data: end\n\n");
        for (var at = 0; at < bytes.Length; at += 10)
        {
            await filter.WriteAsync(bytes.AsMemory(at, Math.Min(10, bytes.Length - at)), output, default);
        }

        Assert.Equal(bytes, output.ToArray());
        Assert.Equal(["data: end\n\n"], observer.Events);
    }

    [Fact]
    public void DefaultCap_IsAboveTheFramersDefault()
    {
        Assert.True(ObservingStreamFilter.DefaultMaxEventBytes > SseEventFramer.DefaultMaxEventBytes);
    }
}
