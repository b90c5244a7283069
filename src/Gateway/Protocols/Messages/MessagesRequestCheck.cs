using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// The top-level fields Anthropic's Messages API requires, checked in one pass of a reader over a body the envelope
/// already validated: <c>max_tokens</c> (an integer of at least 1) and a non-empty <c>messages</c> array.
/// </summary>
internal static class MessagesRequestCheck
{
    /// <summary>The client-facing problem, or null when the body has what Anthropic requires.</summary>
    public static string? Problem(ReadOnlySpan<byte> json)
    {
        // The envelope's depth (128): a body it accepted must not throw here (deep tool schemas are legal).
        var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        bool maxTokens = false, messages = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("max_tokens"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var max) || max < 1)
                {
                    return "max_tokens: must be an integer of at least 1.";
                }

                maxTokens = true;
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Read();
                    messages = reader.TokenType != JsonTokenType.EndArray;
                    if (messages)
                    {
                        reader.Skip();
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return !maxTokens ? "max_tokens: Field required."
            : !messages ? "messages: at least one message is required."
            : null;
    }
}
