using Gateway.Buffers;

namespace Gateway.Caching;

/// <summary>
/// The tee on a cache miss: every write goes to the client first, as it came (nothing is held back or buffered
/// before it is sent), and is then copied into a pooled buffer with the time since the write before it, so the answer
/// can be kept and replayed chunk by chunk. Past <paramref name="maxBytes"/> it stops copying and lets go of the
/// buffer (the answer will not be kept); the client's bytes are never affected.
/// </summary>
internal sealed class RecordingStream(Stream inner, int maxBytes, TimeProvider time) : Stream
{
    private readonly RentedBufferWriter _copy = new(4096);
    private readonly List<int> _ends = [];
    private readonly List<int> _gaps = [];
    private long _last = time.GetTimestamp();

    /// <summary>Whether the answer outgrew <paramref name="maxBytes"/> (nothing is kept then).</summary>
    public bool Overflowed { get; private set; }

    public ReadOnlyMemory<byte> Written => _copy.WrittenMemory;

    public IReadOnlyList<int> Ends => _ends;

    public IReadOnlyList<int> Gaps => _gaps;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Copy(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Copy(buffer.AsSpan(offset, count));
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        if (Overflowed || bytes.IsEmpty)
        {
            return;
        }

        if (_copy.WrittenCount + bytes.Length > maxBytes)
        {
            Overflowed = true;
            _copy.Release();
            return;
        }

        bytes.CopyTo(_copy.GetSpan(bytes.Length));
        _copy.Advance(bytes.Length);
        var now = time.GetTimestamp();
        _ends.Add(_copy.WrittenCount);
        _gaps.Add((int)Math.Min(int.MaxValue, time.GetElapsedTime(_last, now).TotalMilliseconds));
        _last = now;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _copy.Dispose();
        }

        base.Dispose(disposing);
    }
}
