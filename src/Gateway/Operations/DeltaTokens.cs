using System.Text.Json;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// Token counts of the text in one content event of a stream in an operation's own format, read with a reader that
/// skips everything but the one property that holds the delta (Responses: the string <c>delta</c>; Anthropic Messages:
/// the <c>delta</c> object's <c>text</c>, <c>partial_json</c> or <c>thinking</c>). Broken JSON counts 0.
/// </summary>
internal static class DeltaTokens
{
    /// <summary>The tokens of the top-level string property <paramref name="name"/>.</summary>
    public static int OfString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return ToProperty(ref reader, name) && reader.TokenType == JsonTokenType.String ? O200kTokens.Count(ref reader) : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>The tokens of the Anthropic <c>delta</c> object's text: <c>text</c>, <c>partial_json</c> (tool input) or <c>thinking</c>.</summary>
    public static int OfMessagesDelta(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!ToProperty(ref reader, "delta"u8) || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            var tokens = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var text = reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8) || reader.ValueTextEquals("thinking"u8);
                reader.Read();
                if (text && reader.TokenType == JsonTokenType.String)
                {
                    tokens += O200kTokens.Count(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return tokens;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>Moves the reader onto the value of the top-level property <paramref name="name"/>; false when there is none.</summary>
    private static bool ToProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
