using System.Buffers;
using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class ChunkReaderTests
{
    [Fact]
    public async Task ReadAsync_WaitsWithAZeroByteReadBeforeRentingABuffer()
    {
        var source = new RecordingStream("data: x\n\n"u8.ToArray());

        var (buffer, read) = await ChunkReader.ReadAsync(source, 4096, CancellationToken.None);
        ArrayPool<byte>.Shared.Return(buffer);

        Assert.Equal(9, read);
        Assert.Equal(0, source.ReadSizes[0]);
        Assert.True(source.ReadSizes[1] >= 4096);
    }

    private sealed class RecordingStream(byte[] data) : MemoryStream(data)
    {
        public List<int> ReadSizes { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ReadSizes.Add(buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
