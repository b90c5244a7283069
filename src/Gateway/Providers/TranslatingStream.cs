using System.Buffers;

namespace Gateway.Providers;

/// <summary>
/// A read-only stream that reads a provider's response and yields its OpenAI translation. Streaming: each read
/// returns what the source events read so far translate to, so chunks stay chunks. Whole bodies: the source is
/// read to its end (bounded), then translated once. A source the mapper cannot read (or an event too long to hold,
/// <see cref="InvalidDataException"/>) fails as an <see cref="IOException"/>, like a broken upstream.
/// </summary>
internal sealed class TranslatingStream : Stream
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly Stream _source;
    private readonly Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? _feed;
    private readonly Func<ReadOnlyMemory<byte>, byte[]>? _whole;
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly byte[] _buffer = new byte[8192];
    private int _position;
    private bool _ended;

    private TranslatingStream(Stream source, Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? feed, Func<ReadOnlyMemory<byte>, byte[]>? whole) =>
        (_source, _feed, _whole) = (source, feed, whole);

    /// <summary>Incremental translation of an event stream.</summary>
    public static Stream Events(Stream source, Action<ReadOnlySpan<byte>, IBufferWriter<byte>> feed) => new TranslatingStream(source, feed, null);

    /// <summary>Translation of a whole body.</summary>
    public static Stream Body(Stream source, Func<ReadOnlyMemory<byte>, byte[]> translate) => new TranslatingStream(source, null, translate);

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (_position >= _output.WrittenCount)
        {
            if (_ended)
            {
                return 0;
            }

            _output.ResetWrittenCount();
            _position = 0;
            try
            {
                if (_feed is not null)
                {
                    var read = await _source.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                    _ended = read == 0;
                    _feed(_buffer.AsSpan(0, read), _output);
                }
                else
                {
                    var whole = new ArrayBufferWriter<byte>(8192);
                    int read;
                    while ((read = await _source.ReadAsync(whole.GetMemory(8192), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        whole.Advance(read);
                        if (whole.WrittenCount > MaxBodyBytes)
                        {
                            throw new IOException("The provider's response is too large to translate.");
                        }
                    }

                    _ended = true;
                    _output.Write(_whole!(whole.WrittenMemory));
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException or FormatException or InvalidDataException)
            {
                throw new IOException("The provider's response could not be translated: " + e.Message, e);
            }
        }

        var count = Math.Min(destination.Length, _output.WrittenCount - _position);
        _output.WrittenMemory.Slice(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
