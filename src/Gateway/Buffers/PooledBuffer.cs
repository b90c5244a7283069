using System.Buffers;

namespace Gateway.Buffers;

/// <summary>A growable byte buffer rented from the shared pool; <see cref="Dispose"/> returns it.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private readonly BufferAccount? _account;
    private byte[] _array;
    private bool _accounted;

    public PooledBuffer(int initialCapacity, BufferAccount? account = null)
    {
        _account = account;
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _account?.Rented(_array.Length, replacing: false);
        _accounted = _account is not null;
    }

    public int Length { get; private set; }

    /// <summary>Size of the backing array.</summary>
    public int Capacity => _array.Length;

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>The whole backing array (valid bytes: the first <see cref="Length"/>).</summary>
    public byte[] Array => _array;

    /// <summary>Free space at the end, at least <paramref name="sizeHint"/> bytes; commit what was written with <see cref="Advance"/>.</summary>
    public Memory<byte> GetMemory(int sizeHint) => GetMemory(sizeHint, int.MaxValue);

    /// <summary>
    /// As <see cref="GetMemory(int)"/>, growing geometrically (doubling) but asking the pool for no more than
    /// <paramref name="maxCapacity"/> unless <paramref name="sizeHint"/> needs it.
    /// </summary>
    public Memory<byte> GetMemory(int sizeHint, int maxCapacity)
    {
        if (_array.Length - Length < sizeHint)
        {
            var needed = (long)Length + sizeHint;
            var doubled = Math.Min((long)_array.Length * 2, maxCapacity);
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, doubled), System.Array.MaxLength));
            _array.AsSpan(0, Length).CopyTo(bigger);
            _account?.Rented(bigger.Length, replacing: true);
            _account?.Returned(_array.Length, replaced: true);
            Return(_array);
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
        if (_accounted)
        {
            _accounted = false;
            _account!.Returned(array.Length, replaced: false);
        }

        Return(array);
    }

    private static void Return(byte[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
