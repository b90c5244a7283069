using System.Text.Json;

namespace Gateway.Contracts;

/// <summary>Walking the fields routing does not read: every number must be finite; content part kinds are noted.</summary>
internal readonly partial record struct RequestEnvelope
{
    // Inside "messages": the root object is depth 0, the array's messages 2, a message's content parts 4, and
    // the properties of a content part 5.
    private const int ContentPartPropertyDepth = 5;

    /// <summary>
    /// Skips the value the reader is on, in one pass. A number that is not a finite double (1e999) is refused:
    /// nothing downstream could write it back. With <paramref name="messages"/>, content part types are collected.
    /// </summary>
    private static bool SkipChecked(ref Utf8JsonReader reader, ReadOnlySpan<byte> property, bool messages, ref ContentKinds content, out string error)
    {
        error = "";
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return reader.TokenType != JsonTokenType.Number || IsFinite(ref reader, property, out error);
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.Number && !IsFinite(ref reader, property, out error))
            {
                return false;
            }

            if (messages && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == ContentPartPropertyDepth && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                content |= reader.TokenType != JsonTokenType.String ? ContentKinds.None
                    : reader.ValueTextEquals("image_url"u8) ? ContentKinds.Image
                    : reader.ValueTextEquals("input_audio"u8) ? ContentKinds.Audio
                    : reader.ValueTextEquals("file"u8) ? ContentKinds.File
                    : ContentKinds.None;
            }
        }

        return true;
    }

    private static bool IsFinite(ref Utf8JsonReader reader, ReadOnlySpan<byte> property, out string error)
    {
        if (reader.TryGetDouble(out var value) && double.IsFinite(value))
        {
            error = "";
            return true;
        }

        var name = System.Text.Encoding.UTF8.GetString(property);
        error = name.Length <= 64 && ModelName.IsValid(name)
            ? $"'{name}' holds a number out of range: numbers must be finite."
            : "The body holds a number out of range: numbers must be finite.";
        return false;
    }
}
