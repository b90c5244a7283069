using System.Buffers;
using System.Text;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Providers.Anthropic;

namespace Gateway.Tests.Providers;

public sealed class TranslatingStreamTests
{
    [Fact]
    public async Task ReadAsync_SourceEventLongerThanTheCap_FailsLikeABrokenUpstream()
    {
        var source = new MemoryStream(Encoding.UTF8.GetBytes("event: content_block_delta\ndata: {\"text\":\"" + new string('x', 3 * 1024 * 1024)));
        await using var stream = TranslatingStream.Events(source, new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1)).Feed);

        var error = await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));

        Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.InRange(source.Position, 1024 * 1024, 1024 * 1024 + 8192);
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReads_WaitForDataWithoutEndingTheStream()
    {
        var source = new MemoryStream("hello"u8.ToArray());
        await using var stream = TranslatingStream.Events(source, static (input, output) => output.Write(input));
        var buffer = new byte[16];

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, await stream.ReadAsync(buffer)));
        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }
}
