using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>The kinds of event in an Anthropic Messages stream, named by the <c>type</c> of each event's JSON.</summary>
internal enum MessagesEventType
{
    Other,
    MessageStart,
    MessageDelta,
    MessageStop,
    ContentBlockStart,
    ContentBlockDelta,
    ContentBlockStop,
    Ping,
    Error,
}

/// <summary>Reads an event's <c>type</c> cheaply: the stream observer looks at every event of a released stream.</summary>
internal static class MessagesEventTypes
{
    /// <summary>
    /// The type of an event's JSON. Anthropic (and this gateway) write <c>type</c> first, so usually only the first
    /// property is read, without building a document; otherwise the top-level properties are walked.
    /// Not JSON, or no <c>type</c>: <see cref="MessagesEventType.Other"/>.
    /// </summary>
    public static MessagesEventType Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return MessagesEventType.Other;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                if (!reader.Read())
                {
                    return MessagesEventType.Other;
                }

                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String ? Name(ref reader) : MessagesEventType.Other;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A cut or broken event names no type.
        }

        return MessagesEventType.Other;
    }

    private static MessagesEventType Name(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("content_block_delta"u8) ? MessagesEventType.ContentBlockDelta
        : reader.ValueTextEquals("content_block_start"u8) ? MessagesEventType.ContentBlockStart
        : reader.ValueTextEquals("content_block_stop"u8) ? MessagesEventType.ContentBlockStop
        : reader.ValueTextEquals("message_start"u8) ? MessagesEventType.MessageStart
        : reader.ValueTextEquals("message_delta"u8) ? MessagesEventType.MessageDelta
        : reader.ValueTextEquals("message_stop"u8) ? MessagesEventType.MessageStop
        : reader.ValueTextEquals("ping"u8) ? MessagesEventType.Ping
        : reader.ValueTextEquals("error"u8) ? MessagesEventType.Error
        : MessagesEventType.Other;
}
