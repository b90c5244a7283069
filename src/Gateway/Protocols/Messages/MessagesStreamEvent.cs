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

    /// <summary>
    /// The event nearly every answer is made of, in the exact bytes Anthropic sends it
    /// (<c>{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}</c>, or with a space after
    /// each colon and comma, as Python's JSON writer spaces it for servers that speak Anthropic's format), read without
    /// a reader: true and the text as its JSON string token (quotes included: valid JSON, valid UTF-8, no lone escaped
    /// surrogate) when <paramref name="json"/> is exactly that; false for anything else, which <see cref="Read"/> then
    /// reads (or rejects) as before. A token given here is one <see cref="Read"/> would have read to the same text.
    /// </summary>
    public static bool TryReadTextDelta(ReadOnlySpan<byte> json, out ReadOnlySpan<byte> text) =>
        json.StartsWith("{\"type\":\""u8)
            ? TryReadTextDelta(json, "{\"type\":\"content_block_delta\",\"index\":"u8, ",\"delta\":{\"type\":\"text_delta\",\"text\":"u8, out text)
            : TryReadTextDelta(json, "{\"type\": \"content_block_delta\", \"index\": "u8, ", \"delta\": {\"type\": \"text_delta\", \"text\": "u8, out text);

    private static bool TryReadTextDelta(ReadOnlySpan<byte> json, ReadOnlySpan<byte> head, ReadOnlySpan<byte> delta, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (!json.StartsWith(head))
        {
            return false;
        }

        // The index: a JSON number that fits an int (no sign, no leading zero, no fraction).
        var at = head.Length;
        var digits = 0;
        while (at + digits < json.Length && json[at + digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        if (digits is 0 or > 9 || (digits > 1 && json[at] == (byte)'0'))
        {
            return false;
        }

        at += digits;
        if (!json[at..].StartsWith(delta))
        {
            return false;
        }

        at += delta.Length;
        var length = JsonStringToken(json[at..]);
        if (length < 0)
        {
            return false;
        }

        var rest = json[(at + length)..];
        if (!rest.StartsWith("}}"u8) || !rest[2..].TrimEnd(" \t\r\n"u8).IsEmpty)
        {
            return false;
        }

        text = json.Slice(at, length);
        return true;
    }

    /// <summary>
    /// The length of the JSON string token <paramref name="json"/> starts with (quotes included), or -1 when it is not
    /// one this fast path takes: not well formed (<see cref="Contracts.JsonSyntax.SkipString"/>, the stream guard's
    /// check: an escape JSON does not have, a raw control character), invalid UTF-8, or a lone escaped surrogate
    /// (which a string cannot hold, and on which the reader's <c>GetString</c> fails the stream).
    /// </summary>
    private static int JsonStringToken(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty || json[0] != (byte)'"')
        {
            return -1;
        }

        var end = Contracts.JsonSyntax.SkipString(json, 1);
        if (end < 0)
        {
            return -1;
        }

        var inside = json[1..(end - 1)];
        return System.Text.Unicode.Utf8.IsValid(inside) && SurrogatesPaired(inside) ? end : -1;
    }

    /// <summary>Whether every escaped surrogate in a well-formed string's inside is a high one followed at once by an escaped low one.</summary>
    private static bool SurrogatesPaired(ReadOnlySpan<byte> inside)
    {
        var at = inside.IndexOf((byte)'\\');
        while (at >= 0)
        {
            var next = at + 2; // every escape is well formed here: a backslash, then its letter
            if (inside[at + 1] == (byte)'u')
            {
                var code = Escaped(inside.Slice(at + 2, 4));
                if (code is >= 0xDC00 and <= 0xDFFF)
                {
                    return false;
                }

                next = at + 6;
                if (code is >= 0xD800 and <= 0xDBFF)
                {
                    if (!inside[next..].StartsWith("\\u"u8) || Escaped(inside.Slice(next + 2, 4)) is < 0xDC00 or > 0xDFFF)
                    {
                        return false;
                    }

                    next += 6;
                }
            }

            var rest = inside[next..].IndexOf((byte)'\\');
            at = rest < 0 ? -1 : next + rest;
        }

        return true;
    }

    /// <summary>The code unit four hex digits spell (already checked to be hex digits).</summary>
    private static int Escaped(ReadOnlySpan<byte> hex) =>
        System.Buffers.Text.Utf8Parser.TryParse(hex, out ushort code, out _, 'x') ? code : -1;

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
