using System.Text.Json;

namespace Gateway.Protocols.Chat;

/// <summary>
/// Reads a <c>chat.completion.chunk</c>'s JSON into a <see cref="ChatChunk"/> in one pass of a
/// <see cref="Utf8JsonReader"/> (no document): what is not a chunk's field is skipped, a field of the wrong kind
/// reads as absent. The first choice is the one at <c>index</c> 0 (an index not sent is 0). JSON that is not JSON
/// throws <see cref="JsonException"/>; a tool call that is not an object, <see cref="InvalidDataException"/>.
/// </summary>
internal static class ChatChunkJson
{
    public static void Read(ReadOnlySpan<byte> json, ChatChunk chunk)
    {
        var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("An event from the provider has no JSON.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                chunk.Id = String(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                chunk.Model = String(ref reader);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                Choices(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                chunk.Usage = Usage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                chunk.Error = Error(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>The next value as a string; null (and skipped) when it is not one.</summary>
    private static string? String(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>The next value as an integer; 0 (and skipped) when it is not one.</summary>
    private static long Number(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return 0;
    }

    private static void Choices(ref Utf8JsonReader reader, ChatChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (chunk.HasChoice || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            if (Choice(ref reader, chunk) == 0)
            {
                chunk.HasChoice = true;
            }
            else
            {
                // Another choice than the first: what it said is not this chunk's.
                (chunk.Role, chunk.Content, chunk.Reasoning, chunk.Refusal, chunk.FinishReason) = (null, null, null, null, null);
                chunk.ToolCalls.Clear();
            }
        }
    }

    /// <summary>Reads a choice object into the chunk; returns its <c>index</c>.</summary>
    private static long Choice(ref Utf8JsonReader reader, ChatChunk chunk)
    {
        long index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = Number(ref reader);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                chunk.FinishReason = String(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                Delta(ref reader, chunk);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return index;
    }

    private static void Delta(ref Utf8JsonReader reader, ChatChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        string? reasoningContent = null, reasoning = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                chunk.Content = String(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reasoningContent = String(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reasoning = String(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                chunk.Refusal = String(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                chunk.Role = String(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ToolCalls(ref reader, chunk);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        chunk.Reasoning = reasoningContent ?? reasoning;
    }

    private static void ToolCalls(ref Utf8JsonReader reader, ChatChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("A tool call in a chunk from the provider is not an object.");
            }

            int? index = null;
            string? id = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var at) ? at : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = String(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            name = String(ref reader);
                        }
                        else if (reader.ValueTextEquals("arguments"u8))
                        {
                            arguments = String(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            chunk.ToolCalls.Add(new ChatToolCallDelta(index, id, name, arguments));
        }
    }

    private static ChatUsage? Usage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long prompt = 0, completion = 0, total = 0, cached = 0, reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = Number(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = Number(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = Number(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                cached = Detail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                reasoning = Detail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ChatUsage(prompt, completion, total, cached, reasoning);
    }

    private static long Detail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        long value = 0;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return value;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = Number(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }

    private static ChatError? Error(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new ChatError(reader.GetString(), null, null, null);
            case JsonTokenType.StartObject:
                break;
            default:
                reader.Skip();
                return new ChatError(null, null, null, null);
        }

        string? message = null, type = null, code = null, param = null;
        int? status = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                message = String(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = String(ref reader);
            }
            else if (reader.ValueTextEquals("param"u8))
            {
                param = String(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    code = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
                {
                    status = number;
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

        return new ChatError(message, type, code, param, status);
    }
}
