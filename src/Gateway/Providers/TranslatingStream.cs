using System.Buffers;
using System.Runtime.CompilerServices;
using Gateway.Buffers;

namespace Gateway.Providers;

/// <summary>
/// A read-only stream that reads a provider's response and yields its OpenAI translation. Streaming: each read
/// returns what the source events read so far translate to, so chunks stay chunks. Whole bodies: the source is
/// read to its end (bounded), then translated once. A source the mapper cannot read (or an event too long to hold,
/// <see cref="InvalidDataException"/>) fails as an <see cref="IOException"/>, like a broken upstream.
/// An idle stream holds no buffer: it waits for its source with a zero-byte read, rents for the read that follows,
/// and returns its output buffer once the reader has taken everything. A zero-byte read of its own waits likewise.
/// </summary>
internal sealed class TranslatingStream : ReadOnlyStream
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly Stream _source;
    private readonly Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? _feed;
    private readonly Func<ReadOnlyMemory<byte>, byte[]>? _whole;
    private const int SourceChunk = 8192;

    private readonly RentedBufferWriter _output = new();
    private int _position;
    private bool _ended;

    /// <summary>A zero-byte read of the source completed and nothing was read since: the next read need not wait again.</summary>
    private bool _sourceReady;

    private TranslatingStream(Stream source, Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? feed, Func<ReadOnlyMemory<byte>, byte[]>? whole) =>
        (_source, _feed, _whole) = (source, feed, whole);

    /// <summary>Incremental translation of an event stream.</summary>
    public static Stream Events(Stream source, Action<ReadOnlySpan<byte>, IBufferWriter<byte>> feed) => new TranslatingStream(source, feed, null);

    /// <summary>Translation of a whole body.</summary>
    public static Stream Body(Stream source, Func<ReadOnlyMemory<byte>, byte[]> translate) => new TranslatingStream(source, null, translate);

    /// <remarks>Called once per event of a stream and often suspended: its state machine is pooled rather than allocated each time.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (_position >= _output.WrittenCount)
        {
            _output.Release();
            _position = 0;
            if (_ended)
            {
                return 0;
            }

            try
            {
                if (_feed is not null)
                {
                    if (!_sourceReady)
                    {
                        await _source.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                    }

                    if (destination.IsEmpty)
                    {
                        // The caller's own zero-byte read (it rents its buffer next): the read that follows need not wait again.
                        _sourceReady = true;
                        return 0;
                    }

                    _sourceReady = false;
                    await FeedAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>One read of the source, translated into the output.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FeedAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SourceChunk);
        try
        {
            var read = await _source.ReadAsync(buffer.AsMemory(0, SourceChunk), cancellationToken).ConfigureAwait(false);
            _ended = read == 0;
            _feed!(buffer.AsSpan(0, read), _output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
            _output.Release();
        }

        base.Dispose(disposing);
    }
}
