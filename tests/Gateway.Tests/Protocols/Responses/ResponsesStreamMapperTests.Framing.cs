using System.Buffers;
using System.Text;
using Gateway.Protocols.Responses;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Protocols.Responses;

/// <summary>The stream mapper fed in pieces: the same bytes at every split, each event written once complete, each byte read once.</summary>
public sealed partial class ResponsesStreamMapperTests
{
    public static TheoryData<string> Streams => new() { TextAndTools, Escapes, TextAndTools.Replace("\n", "\r\n", StringComparison.Ordinal), Escapes.Replace("\n", "\r", StringComparison.Ordinal) + ": a lone CR ends [DONE] only when the next byte comes" };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Feed_AtEverySplitSize_WritesTheSameBytes(string chat)
    {
        var bytes = Encoding.UTF8.GetBytes(chat);
        var (expected, whole) = Stream(bytes, bytes.Length);
        Assert.Contains("sequence_number", expected, StringComparison.Ordinal);
        for (var split = 1; split < bytes.Length; split++)
        {
            var (output, mapper) = Stream(bytes, split);
            Assert.Equal(expected, output);
            Assert.Equal(whole.Completed!.Response, mapper.Completed!.Response);
        }
    }

    [Fact]
    public void Feed_WritesAnEventsOutput_AsSoonAsTheEventIsComplete()
    {
        var mapper = new ResponsesStreamMapper(Context());
        var output = new ArrayBufferWriter<byte>();
        var second = Encoding.UTF8.GetBytes(Chunk("""{"content":"b"}"""));
        mapper.Feed(Encoding.UTF8.GetBytes(Chunk("""{"content":"a"}""")), output);
        Assert.EndsWith("\"delta\":\"a\",\"logprobs\":[]}\n\n", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
        var written = output.WrittenCount;

        mapper.Feed(second.AsSpan(0, second.Length - 1), output);
        Assert.Equal(written, output.WrittenCount);
        mapper.Feed(second.AsSpan(second.Length - 1), output);
        Assert.EndsWith("\"delta\":\"b\",\"logprobs\":[]}\n\n", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16 * 1024)]
    public void Feed_LongEventUnderTheCap_LooksAtEachByteOnce(int split)
    {
        var text = new string('x', 500 * 1000);
        var bytes = Encoding.UTF8.GetBytes(Chunk($$"""{"content":"{{text}}"}""") + Done);

        var (output, mapper) = Stream(bytes, split);

        Assert.Equal(bytes.Length, mapper.BytesScanned);
        Assert.Contains("\"delta\":\"" + text + "\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_EventLongerThanTheCap_Fails()
    {
        var bytes = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('x', 2 * 1024 * 1024));

        Assert.Throws<InvalidDataException>(() => Stream(bytes, 64 * 1024));
    }
}
