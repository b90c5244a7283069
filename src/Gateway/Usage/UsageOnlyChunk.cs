using System.Text.Json;

namespace Gateway.Usage;

/// <summary>
/// Recognises the usage-only chunk that <c>stream_options.include_usage</c> adds at the end of a stream: a JSON
/// object whose <c>choices</c> is an empty array and which has a <c>usage</c> object. Read as JSON, so spacing,
/// key order and escapes do not matter; a content chunk is rejected at its first choice, without reading the rest.
/// </summary>
internal static class UsageOnlyChunk
{
    public static bool Is(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var (emptyChoices, usageObject) = (false, false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isChoices = reader.ValueTextEquals("choices"u8);
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isChoices)
                {
                    if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                    {
                        return false;
                    }

                    emptyChoices = true;
                    continue;
                }

                usageObject |= isUsage && reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
            }

            // Only a whole, well-formed object counts: an event cut short or followed by more JSON is not this chunk.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && emptyChoices && usageObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
