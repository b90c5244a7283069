namespace Gateway.Usage;

/// <summary>The last few kilobytes that passed through, where an upstream's <c>usage</c> sits; one fixed array, no growth.</summary>
internal sealed class TailBuffer(int capacity = 4096)
{
    private readonly byte[] _bytes = new byte[capacity];
    private int _length;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    public void Push(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= _bytes.Length)
        {
            chunk[^_bytes.Length..].CopyTo(_bytes);
            _length = _bytes.Length;
            return;
        }

        var keep = Math.Min(_length, _bytes.Length - chunk.Length);
        _bytes.AsSpan(_length - keep, keep).CopyTo(_bytes);
        chunk.CopyTo(_bytes.AsSpan(keep));
        _length = keep + chunk.Length;
    }
}
