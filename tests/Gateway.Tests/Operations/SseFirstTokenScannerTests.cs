using System.Text;
using Gateway.Operations;

namespace Gateway.Tests.Operations;

public sealed class SseFirstTokenScannerTests
{
    /// <summary>Judges an event by its text alone, and records every event it is shown.</summary>
    private sealed class Recorder : SseFirstTokenScanner
    {
        public List<string> Judged { get; } = [];

        protected override StreamSignal Judge(ReadOnlySpan<byte> sseEvent)
        {
            var text = Encoding.UTF8.GetString(sseEvent);
            Judged.Add(text);
            if (text.StartsWith("data: stop", StringComparison.Ordinal))
            {
                ErrorMessage = "stopped";
                return StreamSignal.Error;
            }

            return text.StartsWith("data: go", StringComparison.Ordinal) ? StreamSignal.Content : StreamSignal.NeedMore;
        }
    }

    private const string Prefix = ": ping\n\ndata: a\r\n\r\ndata: b\r\r";

    [Fact]
    public void Scan_GrowingHeldBytes_JudgesEachCompleteEventOnceAndEachByteOnce()
    {
        var bytes = Encoding.UTF8.GetBytes(Prefix + "data: go\n\ndata: after\n\n");
        var scanner = new Recorder();
        var signal = StreamSignal.NeedMore;
        var i = 0;
        while (signal == StreamSignal.NeedMore && i < bytes.Length)
        {
            signal = scanner.Scan(bytes.AsSpan(0, ++i));
        }

        Assert.Equal(StreamSignal.Content, signal);
        Assert.Equal([": ping\n\n", "data: a\r\n\r\n", "data: b\r\r", "data: go\n\n"], scanner.Judged);
        Assert.Equal(Encoding.UTF8.GetByteCount(Prefix + "data: go\n\n"), i);
        Assert.Equal(i, scanner.BytesScanned);
    }

    [Fact]
    public void Scan_AllAtOnce_StopsAtTheFirstSignalAndLeavesTheRestUnread()
    {
        var bytes = Encoding.UTF8.GetBytes(Prefix + "data: stop\n\ndata: go\n\n");
        var scanner = new Recorder();

        Assert.Equal(StreamSignal.Error, scanner.Scan(bytes));
        Assert.Equal("stopped", scanner.ErrorMessage);
        Assert.Equal(4, scanner.Judged.Count);
        Assert.Equal(Encoding.UTF8.GetByteCount(Prefix + "data: stop\n\n"), scanner.BytesScanned);
    }

    [Fact]
    public void Scan_IncompleteEvent_NeedsMoreWithoutJudgingIt()
    {
        var scanner = new Recorder();

        Assert.Equal(StreamSignal.NeedMore, scanner.Scan("data: go\n"u8));
        Assert.Empty(scanner.Judged);
        Assert.Equal(StreamSignal.Content, scanner.Scan("data: go\n\n"u8));
        Assert.Equal(["data: go\n\n"], scanner.Judged);
    }
}
