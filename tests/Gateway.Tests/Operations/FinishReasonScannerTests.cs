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
}
