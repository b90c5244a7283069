using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// The fields of one Anthropic stream event the chat translation reads, taken in one pass of a
/// <see cref="Utf8JsonReader"/> (no document), whatever their order: the type, the block index, the message's id and
/// model, the content block's type, id and name, the delta's type, text, thinking, partial JSON and stop reason, the
/// usage, the error. An event without a type, or without what its type needs, is no event Anthropic sends and fails
/// the stream (<see cref="InvalidDataException"/>); a string field holding another kind of value fails it too.
/// </summary>
internal struct MessagesStreamEvent
{
    private int? _index;

    public string? Type { get; private set; }

    /// <summary>The event's <c>index</c>; an event that needs one and has none fails the stream.</summary>
    public readonly int RequiredIndex => _index ?? throw new InvalidDataException("An Anthropic event has no \"index\".");

    public string? MessageId { get; private set; }

    public string? Model { get; private set; }

    public string? BlockType { get; private set; }

    public string? BlockId { get; private set; }

    public string? BlockName { get; private set; }

    public bool HasDelta { get; private set; }

    public string? DeltaType { get; private set; }

    public bool HasText { get; private set; }

    public string? Text { get; private set; }

    public string? Thinking { get; private set; }

    public bool HasPartialJson { get; private set; }

    public string? PartialJson { get; private set; }

    public string? StopReason { get; private set; }

    public bool HasUsage { get; private set; }

    /// <summary>The usage's <c>input_tokens</c>: null when absent, 0 when not a number.</summary>
    public long? InputTokens { get; private set; }

    public long? OutputTokens { get; private set; }

    public string? ErrorType { get; private set; }

    public string? ErrorMessage { get; private set; }

    public static MessagesStreamEvent Read(ReadOnlySpan<byte> json)
    {
        var e = new MessagesStreamEvent();
        var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
        bool hasMessage = false, hasMessageId = false, hasBlock = false, hasBlockId = false, hasError = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("An Anthropic event is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                e.Type = Known(ref reader);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                e._index = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : throw new InvalidDataException("An Anthropic event's index is not a number.");
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                hasMessage = true;
                Enter(ref reader);
                while (Next(ref reader, out var name))
                {
                    if (name == Field.Id)
                    {
                        hasMessageId = true;
                        e.MessageId = String(ref reader);
                    }
                    else if (name == Field.Model)
                    {
                        e.Model = String(ref reader);
                    }
                    else if (name == Field.Usage)
                    {
                        e.Usage(ref reader);
                    }
                    else
                    {
                        Skip(ref reader);
                    }
                }
            }
            else if (reader.ValueTextEquals("content_block"u8))
            {
                hasBlock = true;
                Enter(ref reader);
                while (Next(ref reader, out var name))
                {
                    switch (name)
                    {
                        case Field.Type:
                            e.BlockType = Known(ref reader);
                            break;
                        case Field.Id:
                            hasBlockId = true;
                            e.BlockId = String(ref reader);
                            break;
                        case Field.Name:
                            e.BlockName = String(ref reader);
                            break;
                        default:
                            Skip(ref reader);
                            break;
                    }
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                e.HasDelta = true;
                Enter(ref reader);
                while (Next(ref reader, out var name))
                {
                    switch (name)
                    {
                        case Field.Type:
                            e.DeltaType = Known(ref reader);
                            break;
                        case Field.Text:
                            e.HasText = true;
                            e.Text = String(ref reader);
                            break;
                        case Field.Thinking:
                            e.Thinking = String(ref reader);
                            break;
                        case Field.PartialJson:
                            e.HasPartialJson = true;
                            e.PartialJson = String(ref reader);
                            break;
                        case Field.StopReason:
                            e.StopReason = String(ref reader);
                            break;
                        default:
                            Skip(ref reader);
                            break;
                    }
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                e.Usage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                hasError = true;
                Enter(ref reader);
                while (Next(ref reader, out var name))
                {
                    switch (name)
                    {
                        case Field.Type:
                            e.ErrorType = String(ref reader);
                            break;
                        case Field.Message:
                            e.ErrorMessage = String(ref reader);
                            break;
                        default:
                            Skip(ref reader);
                            break;
                    }
                }
            }
            else
            {
                Skip(ref reader);
            }
        }

        var missing = e.Type switch
        {
            null => "type",
            "message_start" when !hasMessage || !hasMessageId => "message.id",
            "content_block_start" when !hasBlock || e.BlockType is null => "content_block.type",
            "content_block_start" when e.BlockType == "tool_use" && (!hasBlockId || e.BlockName is null) => "content_block.id and name",
            "content_block_delta" when !e.HasDelta || e.DeltaType is null => "delta.type",
            "error" when !hasError => "error",
            _ => null,
        };
        return missing is null ? e : throw new InvalidDataException($"An Anthropic event has no \"{missing}\".");
    }

    private void Usage(ref Utf8JsonReader reader)
    {
        HasUsage = true;
        Enter(ref reader);
                while (Next(ref reader, out var name))
        {
            switch (name)
            {
                case Field.InputTokens:
                    InputTokens = Tokens(ref reader);
                    break;
                case Field.OutputTokens:
                    OutputTokens = Tokens(ref reader);
                    break;
                default:
                    Skip(ref reader);
                    break;
            }
        }
    }

    private static long Tokens(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt64();
        }

        reader.Skip();
        return 0;
    }

    /// <summary>A string value (null for JSON null); another kind of value fails the stream, as Anthropic sends none.</summary>
    private static string? String(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new InvalidDataException("An Anthropic event has a field of the wrong kind."),
        };
    }

    /// <summary>A type name: one of Anthropic's, as a constant string (no allocation for every event), else read as any string.</summary>
    private static string? Known(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            foreach (var (utf8, name) in Types)
            {
                if (reader.ValueSpan.SequenceEqual(utf8))
                {
                    return name;
                }
            }
        }

        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new InvalidDataException("An Anthropic event has a field of the wrong kind."),
        };
    }

    private static readonly (byte[] Utf8, string Name)[] Types =
        [.. new[]
        {
            "content_block_delta", "text_delta", "input_json_delta", "thinking_delta", "content_block_start", "content_block_stop",
            "text", "tool_use", "thinking", "ping", "message_start", "message_delta", "message_stop", "signature_delta", "error",
        }.Select(name => (System.Text.Encoding.UTF8.GetBytes(name), name))];

    private static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Steps into the next value, which must be an object.</summary>
    private static void Enter(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("An Anthropic event has a field that is not an object.");
        }
    }

    /// <summary>The next property of the object entered, named as a <see cref="Field"/>; false at its end. The caller reads or skips the value.</summary>
    private static bool Next(ref Utf8JsonReader reader, out Field name)
    {
        name = Field.Other;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        foreach (var (text, field) in Names)
        {
            if (reader.ValueTextEquals(text))
            {
                name = field;
                break;
            }
        }

        return true;
    }

    private static readonly (byte[] Text, Field Field)[] Names =
    [
        ("type"u8.ToArray(), Field.Type), ("text"u8.ToArray(), Field.Text), ("partial_json"u8.ToArray(), Field.PartialJson), ("thinking"u8.ToArray(), Field.Thinking),
        ("id"u8.ToArray(), Field.Id), ("name"u8.ToArray(), Field.Name), ("model"u8.ToArray(), Field.Model), ("usage"u8.ToArray(), Field.Usage), ("stop_reason"u8.ToArray(), Field.StopReason),
        ("message"u8.ToArray(), Field.Message), ("input_tokens"u8.ToArray(), Field.InputTokens), ("output_tokens"u8.ToArray(), Field.OutputTokens),
    ];

    private enum Field
    {
        Other,
        Type,
        Id,
        Model,
        Usage,
        Name,
        Text,
        Thinking,
        PartialJson,
        StopReason,
        Message,
        InputTokens,
        OutputTokens,
    }
}
