using System.Text.Json;

namespace Gateway.Forwarding;

/// <summary>
/// What one chat completion chunk (the JSON of one <c>data:</c> line) says, read in one pass that also proves it is one
/// whole JSON value (<see cref="Read"/> is false otherwise; <see cref="ChunkFactsScanner"/> does both in one pass
/// over the bytes, a reader only where it is unsure): where its <c>id</c>, <c>model</c> and <c>created</c>
/// values are, its first choice's text delta (<c>delta.content</c>, or a legacy completion's <c>text</c>), whether it
/// carries reasoning, a refusal, tool calls, a finish reason, another choice or an error, and where its usage counts
/// are. Ranges are offsets into the JSON, so a continuation can splice new values in without writing the rest again.
/// </summary>
internal struct ChunkFacts
{
    public (int Start, int Length) Id;
    public (int Start, int Length) Model;
    public (int Start, int Length) Created;

    /// <summary>The first choice's text delta as a JSON string token (quotes included), when it has one.</summary>
    public (int Start, int Length) Content;

    public (int Start, int Length) CompletionTokens;
    public (int Start, int Length) TotalTokens;
    public long PromptTokensValue;
    public long CompletionTokensValue;
    public long TotalTokensValue;

    /// <summary>A text delta with at least one character.</summary>
    public bool HasText => Content.Length > 2;

    public bool Reasoning;
    public bool Refusal;
    public bool ToolCalls;
    public bool Finished;
    public bool OtherChoice;
    public bool Error;
    public bool Usage;

    /// <summary>
    /// Reads <paramref name="json"/>: false when it is not exactly one JSON value (the event is malformed). A valid
    /// value that is not an object says nothing (every fact false).
    /// </summary>
    public static bool Read(ReadOnlySpan<byte> json, out ChunkFacts facts)
    {
        facts = default;
        switch (ChunkFactsScanner.Read(json, ref facts))
        {
            case true:
                return true;
            case false:
                facts = default;
                return false;
            default:
                // An escaped name on a known path, a fraction where a count is read: the reader's meaning, exactly.
                facts = default;
                return Walk(json, ref facts);
        }
    }

    /// <summary>
    /// The same reading with a <see cref="Utf8JsonReader"/>: what <see cref="ChunkFactsScanner"/> leaves to it, and the
    /// reference the tests hold the scanner to.
    /// </summary>
    internal static bool ReadWithReader(ReadOnlySpan<byte> json, out ChunkFacts facts)
    {
        facts = default;
        return Walk(json, ref facts);
    }

    private static bool Walk(ReadOnlySpan<byte> json, ref ChunkFacts facts)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 128 });
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                Root(ref reader, ref facts);
            }
            else
            {
                reader.Skip();
            }

            // Anything after the value (another value, garbage) throws here.
            return !reader.Read();
        }
        catch (JsonException)
        {
            facts = default;
            return false;
        }
    }

    private static void Root(ref Utf8JsonReader reader, ref ChunkFacts facts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                facts.Id = Value(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                facts.Model = Value(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                facts.Created = Value(ref reader);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    Choices(ref reader, ref facts);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    facts.Usage = true;
                    UsageCounts(ref reader, ref facts);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                facts.Error = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void Choices(ref Utf8JsonReader reader, ref ChunkFacts facts)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    facts.OtherChoice |= reader.TokenType == JsonTokenType.Number && (!reader.TryGetInt32(out var index) || index != 0);
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        Delta(ref reader, ref facts);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    facts.Content = Text(ref reader, facts.Content);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    facts.Finished |= reader.TokenType == JsonTokenType.String;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void Delta(ref Utf8JsonReader reader, ref ChunkFacts facts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                facts.Content = Text(ref reader, facts.Content);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                facts.Reasoning |= NonEmptyString(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                facts.Refusal |= NonEmptyString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                facts.ToolCalls |= reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void UsageCounts(ref Utf8JsonReader reader, ref ChunkFacts facts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var completion = reader.ValueTextEquals("completion_tokens"u8);
            var total = reader.ValueTextEquals("total_tokens"u8);
            var prompt = reader.ValueTextEquals("prompt_tokens"u8);
            reader.Read();
            if (prompt && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var promptTokens))
            {
                facts.PromptTokensValue = promptTokens;
            }

            if (reader.TokenType == JsonTokenType.Number && (completion || total) && reader.TryGetInt64(out var value))
            {
                var range = ((int)reader.TokenStartIndex, reader.ValueSpan.Length);
                if (completion)
                {
                    (facts.CompletionTokens, facts.CompletionTokensValue) = (range, value);
                }
                else
                {
                    (facts.TotalTokens, facts.TotalTokensValue) = (range, value);
                }
            }

            reader.Skip();
        }
    }

    /// <summary>The next value's range (a string with its quotes); the reader ends on its last token.</summary>
    private static (int, int) Value(ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return (start, (int)reader.BytesConsumed - start);
    }

    /// <summary>The first choice's text: a string's range, else what was found before.</summary>
    private static (int, int) Text(ref Utf8JsonReader reader, (int, int) found)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            var start = (int)reader.TokenStartIndex;
            return (start, (int)reader.BytesConsumed - start);
        }

        reader.Skip();
        return found;
    }

    private static bool NonEmptyString(ref Utf8JsonReader reader)
    {
        reader.Read();
        var text = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
        reader.Skip();
        return text;
    }
}
