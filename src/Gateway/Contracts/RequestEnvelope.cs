using System.Text.Json;

namespace Gateway.Contracts;

/// <summary>
/// The few fields of an OpenAI request that routing needs, read from the raw body without building objects:
/// the model (and where its JSON token sits, so it can be replaced in place) and whether to stream.
/// </summary>
/// <param name="Model">The model the client asked for.</param>
/// <param name="ModelStart">Offset of the model's JSON string token (its opening quote).</param>
/// <param name="ModelLength">Length of that token, quotes included.</param>
/// <param name="Stream">Whether the client asked for a stream.</param>
/// <param name="HasStreamOptions">Whether the body already has <c>stream_options</c>.</param>
/// <param name="RootEnd">Offset of the root object's closing brace, where fields can be appended.</param>
/// <param name="Content">The kinds of content parts in <c>messages</c> beyond plain text.</param>
internal readonly partial record struct RequestEnvelope(string Model, int ModelStart, int ModelLength, bool Stream, bool HasStreamOptions = false, int RootEnd = 0, ContentKinds Content = ContentKinds.None)
{
    /// <summary>
    /// Parses and validates the body; on failure <paramref name="error"/> is the client-facing message. The whole
    /// body must be valid UTF-8, every number finite, and the model a valid <see cref="ModelName"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, RequiredField required, out RequestEnvelope envelope, out string error)
    {
        envelope = default;
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            error = "The request body is not valid UTF-8.";
            return false;
        }

        try
        {
            return TryRead(json, required, out envelope, out error);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = "We could not parse the JSON body of your request. The body must be a valid JSON object.";
            return false;
        }
    }

    /// <summary>
    /// What a parameter asks of a provider that not every protocol can honour: several choices (<c>n</c> above 1), log
    /// probabilities (<c>logprobs: true</c>, <c>top_logprobs</c> above 0). Routing leaves out providers that would drop them.
    /// </summary>
    private static ContentKinds Feature(ReadOnlySpan<byte> name, ref Utf8JsonReader reader) =>
        name.SequenceEqual("n"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n > 1 ? ContentKinds.ManyChoices
        : name.SequenceEqual("logprobs"u8) && reader.TokenType == JsonTokenType.True ? ContentKinds.Logprobs
        : name.SequenceEqual("top_logprobs"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var top) && top > 0 ? ContentKinds.Logprobs
        : ContentKinds.None;

    /// <summary>The string, or null when its escapes do not make valid text (a lone surrogate such as <c>\ud800</c>).</summary>
    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> json, RequiredField required, out RequestEnvelope envelope, out string error)
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
        var streamOptions = false;
        var sawRequired = false;
        var content = ContentKinds.None;
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

                model = TryGetString(ref reader);
                if (model is null || (model.Length > 0 && !ModelName.IsValid(model)))
                {
                    error = $"'model' must be {ModelName.Rule}.";
                    return false;
                }

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
            else if (reader.ValueTextEquals(required.Utf8Name))
            {
                reader.Read();
                if (required.MustBeArray && reader.TokenType != JsonTokenType.StartArray)
                {
                    error = $"'{required.Name}' must be an array.";
                    return false;
                }

                sawRequired = true;
                if (!SkipChecked(ref reader, required.Utf8Name, required.HoldsMessages, ref content, out error))
                {
                    return false;
                }
            }
            else
            {
                streamOptions |= reader.ValueTextEquals("stream_options"u8);
                var name = reader.ValueSpan; // the raw name, decoded only for an error message
                reader.Read();
                content |= Feature(name, ref reader);
                if (!SkipChecked(ref reader, name, false, ref content, out error))
                {
                    return false;
                }
            }
        }

        var rootEnd = (int)reader.TokenStartIndex;
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
            error = $"Missing required parameter: '{required.Name}'.";
            return false;
        }

        envelope = new RequestEnvelope(model, start, length, stream, streamOptions, rootEnd, content);
        error = "";
        return true;
    }
}
