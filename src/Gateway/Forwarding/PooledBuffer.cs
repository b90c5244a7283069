using System.Buffers;

namespace Gateway.Forwarding;

/// <summary>A growable byte buffer rented from the shared pool; <see cref="Dispose"/> returns it.</summary>
internal sealed class PooledBuffer(int initialCapacity) : IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>The whole backing array (valid bytes: the first <see cref="Length"/>).</summary>
    public byte[] Array => _array;

    /// <summary>Free space at the end, at least <paramref name="sizeHint"/> bytes; commit what was written with <see cref="Advance"/>.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        if (_array.Length - Length < sizeHint)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + sizeHint));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetMemory(bytes.Length).Span);
        Length += bytes.Length;
    }

    public void Clear() => Length = 0;

    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
