using System.Net;

namespace Gateway.Forwarding;

/// <summary>
/// The client's JSON body sent upstream with the model token replaced and, optionally, bytes inserted before the
/// root object's closing brace (<c>stream_options</c>). Written as slices of the original buffer: nothing is
/// re-serialised or copied. With neither change the body goes as it came.
/// </summary>
internal sealed class SplicedJsonContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly int _modelStart;
    private readonly int _modelLength;
    private readonly ReadOnlyMemory<byte> _model;
    private readonly int _insertAt;
    private readonly ReadOnlyMemory<byte> _insert;

    /// <param name="body">The client's body.</param>
    /// <param name="modelStart">Where the model token starts.</param>
    /// <param name="modelLength">The model token's length.</param>
    /// <param name="model">The replacement token, or null to keep the client's.</param>
    /// <param name="insertAt">Offset of the root's closing brace (after the model token).</param>
    /// <param name="insert">Bytes to insert there, or null.</param>
    public SplicedJsonContent(ReadOnlyMemory<byte> body, int modelStart, int modelLength, byte[]? model, int insertAt = 0, byte[]? insert = null)
    {
        _body = body;
        (_modelStart, _modelLength, _model) = model is null ? (0, 0, ReadOnlyMemory<byte>.Empty) : (modelStart, modelLength, model);
        (_insertAt, _insert) = insert is null ? (body.Length, ReadOnlyMemory<byte>.Empty) : (insertAt, insert);
        Headers.TryAddWithoutValidation("Content-Type", "application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var at = 0;
        if (_modelLength > 0)
        {
            await stream.WriteAsync(_body[.._modelStart], cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_model, cancellationToken).ConfigureAwait(false);
            at = _modelStart + _modelLength;
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
        length = _body.Length - _modelLength + _model.Length + _insert.Length;
        return true;
    }
}
