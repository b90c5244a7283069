using System.Buffers;

namespace Gateway.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that holds a pooled array only while it holds bytes: <see cref="Release"/> returns
/// it, and the next write rents again. One per stream, reused for every chunk, so an idle stream holds no array.
/// </summary>
internal sealed class RentedBufferWriter(int initialCapacity = 4096) : IBufferWriter<byte>, IDisposable
{
    private byte[]? _array;

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _array is null ? default : _array.AsMemory(0, WrittenCount);

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (_array is null || _array.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array is null ? initialCapacity : _array.Length * 2));
            if (_array is not null)
            {
                _array.AsSpan(0, WrittenCount).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_array);
            }

            _array = bigger;
        }

        return _array.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>Forgets the bytes and returns the array to the pool.</summary>
    public void Release()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }

        WrittenCount = 0;
    }

    public void Dispose() => Release();
}
