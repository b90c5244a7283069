using Gateway.Buffers;

namespace Gateway.Tests.Buffers;

public sealed class ReadOnlyStreamTests
{
    /// <summary>Reads out a fixed array, a few bytes per read at most.</summary>
    private sealed class Source(byte[] bytes, int most) : ReadOnlyStream
    {
        private int _at;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = Math.Min(Math.Min(most, buffer.Length), bytes.Length - _at);
            bytes.AsMemory(_at, count).CopyTo(buffer);
            _at += count;
            return ValueTask.FromResult(count);
        }
    }

    private static readonly byte[] Bytes = [1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public void Read_ArrayOverload_GoesThroughReadAsyncWithTheOffset()
    {
        using var stream = new Source(Bytes, 3);
        var buffer = new byte[10];

        Assert.Equal(3, stream.Read(buffer, 2, 8));
        Assert.Equal<byte>([0, 0, 1, 2, 3, 0], buffer[..6]);
    }

    [Fact]
    public async Task CopyToAsync_ReadsEveryByte()
    {
        using var stream = new Source(Bytes, 2);
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(Bytes, copy.ToArray());
    }

    [Fact]
    public async Task ReadAsync_ArrayOverload_GoesThroughReadAsyncWithTheOffset()
    {
        using var stream = new Source(Bytes, 4);
        var buffer = new byte[6];

        Assert.Equal(4, await stream.ReadAsync(buffer, 1, 5, CancellationToken.None));
        Assert.Equal<byte>([0, 1, 2, 3, 4, 0], buffer);
    }

    [Fact]
    public void Capabilities_ReadOnlyForwardOnly_WriteSeekAndLengthNotSupported()
    {
        using var stream = new Source(Bytes, 1);

        Assert.Equal((true, false, false), (stream.CanRead, stream.CanSeek, stream.CanWrite));
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Position);
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
        stream.Flush();
    }
}
