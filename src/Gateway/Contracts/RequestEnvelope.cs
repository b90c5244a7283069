using System.Text.Json;

namespace Gateway.Contracts;

/// <summary>
/// The few fields of an OpenAI request that routing needs, read from the raw body without building objects:
/// the model (and where its JSON token sits, so it can be replaced in place) and whether to stream.
/// </summary>
internal readonly record struct RequestEnvelope(string Model, int ModelStart, int ModelLength, bool Stream)
{
    /// <summary>Parses and validates the body; on failure <paramref name="error"/> is the client-facing message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, RequestShape shape, out RequestEnvelope envelope, out string error)
    {
        envelope = default;
        try
        {
            return TryRead(json, shape, out envelope, out error);
        }
        catch (JsonException)
        {
            error = "We could not parse the JSON body of your request. The body must be a valid JSON object.";
            return false;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> json, RequestShape shape, out RequestEnvelope envelope, out string error)
    {
        envelope = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 128 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "The request body must be a JSON object.";
            return false;
        }

        string? model = null;
        int start = 0, length = 0;
        var stream = false;
        var sawRequired = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || model is not null)
                {
                    error = model is null ? "'model' must be a string." : "'model' appears more than once.";
                    return false;
                }

                model = reader.GetString()!;
                start = (int)reader.TokenStartIndex;
                length = (int)reader.BytesConsumed - start;
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    error = "'stream' must be a boolean.";
                    return false;
                }

                stream = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals(shape == RequestShape.Chat ? "messages"u8 : "input"u8))
            {
                reader.Read();
                if (shape == RequestShape.Chat && reader.TokenType != JsonTokenType.StartArray)
                {
                    error = "'messages' must be an array.";
                    return false;
                }

                sawRequired = true;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            error = "Unexpected content after the JSON object.";
            return false;
        }

        if (string.IsNullOrEmpty(model))
        {
            error = "You must provide a model parameter.";
            return false;
        }

        if (!sawRequired)
        {
            error = shape == RequestShape.Chat ? "Missing required parameter: 'messages'." : "Missing required parameter: 'input'.";
            return false;
        }

        envelope = new RequestEnvelope(model, start, length, stream);
        error = "";
        return true;
    }
}

/// <summary>Which OpenAI request a body must be.</summary>
internal enum RequestShape
{
    Chat,
    Embeddings,
}
