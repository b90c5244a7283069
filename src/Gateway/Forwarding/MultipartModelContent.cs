using System.Text;
using Gateway.Protocols;
using Gateway.Providers;

namespace Gateway.Forwarding;

/// <summary>
/// The client's <c>multipart/form-data</c> body sent upstream with only the <c>model</c> field's value replaced, as
/// slices of the original buffer around the new value: the file parts are neither parsed nor copied. The Content-Type
/// carries the client's boundary, which the body still uses.
/// </summary>
internal sealed class MultipartModelContent : SplicedContent
{
    /// <param name="body">The client's body.</param>
    /// <param name="valueStart">Where the <c>model</c> field's value starts.</param>
    /// <param name="valueLength">That value's length.</param>
    /// <param name="model">The upstream model, or null to keep the client's.</param>
    /// <param name="contentType">The Content-Type with the body's boundary.</param>
    public MultipartModelContent(ReadOnlyMemory<byte> body, int valueStart, int valueLength, string? model, string contentType)
        : base(body, valueStart, valueLength, Value(model), insertAt: 0, insert: null, contentType)
    {
    }

    /// <summary>The model's bytes; a line break could end the field early (every boundary starts with one): such a name cannot go in a form.</summary>
    private static byte[]? Value(string? model) =>
        model is null ? null
        : model.AsSpan().IndexOfAny('\r', '\n') >= 0 ? throw new TranslationException("The model name cannot be sent in a form field.")
        : Encoding.UTF8.GetBytes(model);
}
