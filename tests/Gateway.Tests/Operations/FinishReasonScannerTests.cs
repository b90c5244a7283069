using System.Text;
using Gateway.Operations;

namespace Gateway.Tests.Operations;

public sealed class FinishReasonScannerTests
{
    private const string Stream =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: {\"choices\": [{\"index\": 1, \"delta\": {}, \"finish_reason\": \"length\"}]}\n\n" +
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n";

    [Fact]
    public void Push_WholeStream_CountsStringFinishReasons_NotNulls()
    {
        var sut = new FinishReasonScanner();

        sut.Push(Encoding.UTF8.GetBytes(Stream));

        Assert.Equal(2, sut.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(64)]
    public void Push_EverySplitSize_CountsTheSame(int size)
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var sut = new FinishReasonScanner();

        for (var at = 0; at < bytes.Length; at += size)
        {
            sut.Push(bytes.AsSpan(at, Math.Min(size, bytes.Length - at)));
        }

        Assert.Equal(2, sut.Count);
    }

    [Fact]
    public void Push_EverySplitPoint_CountsTheSame()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var first = 0; first <= bytes.Length; first++)
        {
            for (var second = first; second <= Math.Min(bytes.Length, first + 20); second++)
            {
                var sut = new FinishReasonScanner();
                sut.Push(bytes.AsSpan(0, first));
                sut.Push(bytes.AsSpan(first, second - first));
                sut.Push(bytes.AsSpan(second));
                Assert.True(sut.Count == 2, $"split at {first} and {second}: {sut.Count}");
            }
        }
    }

    [Fact]
    public void Push_NearMissesInRandomPieces_CountsWhatASearchOfTheWholeStreamCounts()
    {
        // Pieces that almost match (a quote missing, a space too many, the name inside a longer one, a null) and that do,
        // joined at random and fed in random reads: the count is that of both patterns in the whole text.
        string[] pieces = ["\"finish_reason\":\"stop\"", "\"finish_reason\": \"length\"", "finish_reason\":\"x\"", "\"finish_reason\"  : \"x\"",
            "\"finish_reason\":null", "\"xfinish_reason\":\"y\"", "\"finish_reason\" :\"z\"", "\"\"\"", "\"content\":\"finish_reason\\\"\"", ",", "{", "}", " ", "\"finish_reason\":"];
        var random = new Random(7);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 30); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var expected = Count(bytes, "\"finish_reason\":\""u8) + Count(bytes, "\"finish_reason\": \""u8);
            var sut = new FinishReasonScanner();
            for (var at = 0; at < bytes.Length;)
            {
                var size = Math.Min(random.Next(1, 40), bytes.Length - at);
                sut.Push(bytes.AsSpan(at, size));
                at += size;
            }

            Assert.True(expected == sut.Count, $"{text}: expected {expected}, counted {sut.Count}");
        }
    }

    private static int Count(ReadOnlySpan<byte> text, ReadOnlySpan<byte> pattern)
    {
        var count = 0;
        for (var at = 0; at + pattern.Length <= text.Length; at++)
        {
            count += text[at..].StartsWith(pattern) ? 1 : 0;
        }

        return count;
    }
}
