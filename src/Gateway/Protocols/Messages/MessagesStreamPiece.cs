using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// One piece of streamed text (content, reasoning or tool arguments): a string element of the chunk being mapped,
/// written as its raw JSON token (no decoding and re-encoding), or a string kept while its block waits its turn.
/// </summary>
internal readonly struct MessagesStreamPiece
{
    private readonly JsonElement _element;
    private readonly string? _text;

    public MessagesStreamPiece(JsonElement element) => _element = element;

    public MessagesStreamPiece(string text) => _text = text;

    public bool IsEmpty => _text is null ? _element.ValueKind != JsonValueKind.String || _element.ValueEquals(""u8) : _text.Length == 0;

    /// <summary>The decoded text (allocates for an element: used for tool arguments and for held pieces only).</summary>
    public string Text => _text ?? (_element.ValueKind == JsonValueKind.String ? _element.GetString()! : "");

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_text is null)
        {
            // The provider's own string token, already validated by the parse that produced the element.
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(_element), skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(_text);
        }
    }
}
