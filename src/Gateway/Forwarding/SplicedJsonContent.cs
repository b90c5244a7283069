using System.Net;

namespace Gateway.Forwarding;

/// <summary>
/// The client's JSON body sent upstream with one token (the model) replaced, written as three slices of
/// the original buffer: nothing is re-serialised or copied. With no replacement the body goes as it came.
/// </summary>
internal sealed class SplicedJsonContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly int _start;
    private readonly int _length;
    private readonly ReadOnlyMemory<byte> _replacement;

    public SplicedJsonContent(ReadOnlyMemory<byte> body, int start, int length, byte[]? replacement)
    {
        _body = body;
        (_start, _length) = replacement is null ? (body.Length, 0) : (start, length);
        _replacement = replacement;
        Headers.TryAddWithoutValidation("Content-Type", "application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_body[.._start], cancellationToken).ConfigureAwait(false);
        if (_length > 0 || !_replacement.IsEmpty)
        {
            await stream.WriteAsync(_replacement, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_body[(_start + _length)..], cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length - _length + _replacement.Length;
        return true;
    }
}
