using System.Buffers;

namespace Gateway.Usage;

/// <summary>
/// The last few kilobytes that passed through, where an upstream's <c>usage</c> sits; one fixed array, no growth. A
/// tail of kilobytes is rented from the shared pool and given back on <see cref="Dispose"/> (one is made for every
/// whole response: a fresh 4 KB array each time was a quarter of the bytes the gateway allocated per request); a
/// tail of a few bytes is simply allocated.
/// </summary>
internal sealed class TailBuffer(int capacity = 4096) : IDisposable
{
    private const int PooledFrom = 256;

    private byte[]? _bytes = capacity >= PooledFrom ? ArrayPool<byte>.Shared.Rent(capacity) : new byte[capacity];
    private int _length;

    public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, _length);

    private byte[] Bytes => _bytes ?? throw new ObjectDisposedException(nameof(TailBuffer));

    public void Push(ReadOnlySpan<byte> chunk)
    {
        var bytes = Bytes;
        if (chunk.Length >= capacity)
        {
            chunk[^capacity..].CopyTo(bytes);
            _length = capacity;
            return;
        }

        var keep = Math.Min(_length, capacity - chunk.Length);
        bytes.AsSpan(_length - keep, keep).CopyTo(bytes);
        chunk.CopyTo(bytes.AsSpan(keep));
        _length = keep + chunk.Length;
    }

    public void Dispose()
    {
        if (_bytes is { } bytes && capacity >= PooledFrom)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        _bytes = null;
        _length = 0;
    }
}
