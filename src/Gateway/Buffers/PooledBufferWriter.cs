using System.Buffers;

namespace Gateway.Buffers;

/// <summary>An <see cref="IBufferWriter{T}"/> view of a <see cref="PooledBuffer"/>.</summary>
internal sealed class PooledBufferWriter(PooledBuffer buffer) : IBufferWriter<byte>
{
    public void Advance(int count) => buffer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => buffer.GetMemory(Math.Max(sizeHint, 256));

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
