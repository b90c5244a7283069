using System.Net;
using System.Text;
using Gateway.Providers;

namespace Gateway.Forwarding;

/// <summary>
/// The client's <c>multipart/form-data</c> body sent upstream with only the <c>model</c> field's value replaced, as
/// slices of the original buffer around the new value: the file parts are neither parsed nor copied. The Content-Type
/// carries the client's boundary, which the body still uses.
/// </summary>
internal sealed class MultipartModelContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly int _valueStart;
    private readonly int _valueLength;
    private readonly ReadOnlyMemory<byte> _value;

    /// <param name="body">The client's body.</param>
    /// <param name="valueStart">Where the <c>model</c> field's value starts.</param>
    /// <param name="valueLength">That value's length.</param>
    /// <param name="model">The upstream model, or null to keep the client's.</param>
    /// <param name="contentType">The Content-Type with the body's boundary.</param>
    public MultipartModelContent(ReadOnlyMemory<byte> body, int valueStart, int valueLength, string? model, string contentType)
    {
        // A line break could end the field early (every boundary starts with one): such a name cannot go in a form.
        if (model is not null && model.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new TranslationException("The model name cannot be sent in a form field.");
        }

        _body = body;
        (_valueStart, _valueLength, _value) = model is null ? (0, 0, ReadOnlyMemory<byte>.Empty) : (valueStart, valueLength, Encoding.UTF8.GetBytes(model));
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var at = 0;
        if (_valueLength > 0)
        {
            await stream.WriteAsync(_body[.._valueStart], cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(_value, cancellationToken).ConfigureAwait(false);
            at = _valueStart + _valueLength;
        }

        await stream.WriteAsync(_body[at..], cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length - _valueLength + _value.Length;
        return true;
    }
}
