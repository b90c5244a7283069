using System.Net;

namespace Gateway.Forwarding;

/// <summary>
/// A client's body sent upstream as slices of its own buffer around what changes: one span replaced (the model) and,
/// optionally, bytes inserted at one later offset. Nothing is parsed, re-serialised or copied, and the length is known
/// up front. The JSON and multipart bodies differ only in what they replace and their Content-Type.
/// </summary>
internal abstract class SplicedContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly int _replaceStart;
    private readonly int _replaceLength;
    private readonly ReadOnlyMemory<byte> _replacement;
    private readonly int _insertAt;
    private readonly ReadOnlyMemory<byte> _insert;

    /// <param name="body">The client's body.</param>
    /// <param name="replaceStart">Where the replaced span starts.</param>
    /// <param name="replaceLength">The replaced span's length.</param>
    /// <param name="replacement">What goes in its place, or null to keep the client's.</param>
    /// <param name="insertAt">Where to insert (after the replaced span).</param>
    /// <param name="insert">Bytes to insert there, or null.</param>
    /// <param name="contentType">The Content-Type header.</param>
    protected SplicedContent(ReadOnlyMemory<byte> body, int replaceStart, int replaceLength, byte[]? replacement, int insertAt, byte[]? insert, string contentType)
    {
        _body = body;
        (_replaceStart, _replaceLength, _replacement) = replacement is null ? (0, 0, ReadOnlyMemory<byte>.Empty) : (replaceStart, replaceLength, replacement);
        (_insertAt, _insert) = insert is null ? (body.Length, ReadOnlyMemory<byte>.Empty) : (insertAt, insert);
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var at = 0;
        if (_replaceLength > 0)
        {
            await stream.WriteAsync(_body[.._replaceStart], cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_replacement, cancellationToken).ConfigureAwait(false);
            at = _replaceStart + _replaceLength;
        }

        await stream.WriteAsync(_body[at.._insertAt], cancellationToken).ConfigureAwait(false);
        if (!_insert.IsEmpty)
        {
            await stream.WriteAsync(_insert, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_body[_insertAt..], cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length - _replaceLength + _replacement.Length + _insert.Length;
        return true;
    }
}
