using System.Buffers;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// A Gemini <c>generateContent</c> request as a chat-completions request (pure): <c>systemInstruction</c> as a system
/// message, <c>contents</c> as user, assistant and tool messages (text, images, function calls and responses), function
/// declarations as tools with the tool config as <c>tool_choice</c>, and <c>generationConfig</c> as sampling
/// parameters, <c>response_format</c> and <c>reasoning_effort</c>. Input chat cannot carry (code execution parts,
/// binary data other than images, audio and PDF, non-text output modalities, a cached content) throws
/// <see cref="TranslationException"/>: the client gets a 400. Google's built-in tools (search, code execution, URL
/// context...) are left out and named in <see cref="GeminiChatRequest.LeftOut"/>; settings that have no effect on
/// another provider (safety settings, <c>topK</c>, media resolution, labels) are left out silently.
/// </summary>
internal static partial class GeminiRequestMapper
{
    /// <summary>Maps a request body; <paramref name="stream"/> adds <c>stream</c> and asks for usage.</summary>
    public static GeminiChatRequest Map(ReadOnlySpan<byte> body, bool stream)
    {
        try
        {
            var reader = new Utf8JsonReader(body, Contracts.JsonText.ReaderOptions);
            using var document = JsonDocument.ParseValue(ref reader);
            return MapCore(document.RootElement, stream, body.Length);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // A shape the checks below did not name (a number where an object belongs): still the client's input.
            throw new TranslationException("The request is not a valid generateContent request: " + e.Message);
        }
    }

    private static GeminiChatRequest MapCore(JsonElement root, bool stream, int size)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("The request body must be a JSON object.");
        }

        if (GeminiJson.String(root, "cachedContent") is { Length: > 0 })
        {
            throw new TranslationException("'cachedContent' names a cache held by Google; the gateway's providers cannot read it.");
        }

        var state = new MapState();
        var config = GeminiJson.Property(root, "generationConfig");
        state.IncludeThoughts = GeminiJson.Property(GeminiJson.Property(config, "thinkingConfig"), "includeThoughts").ValueKind == JsonValueKind.True;
        var buffer = new ArrayBufferWriter<byte>(size + 256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", "");
            writer.WriteStartArray("messages");
            WriteSystem(writer, GeminiJson.Property(root, "systemInstruction"));
            WriteContents(writer, GeminiJson.Property(root, "contents"), state);
            writer.WriteEndArray();
            WriteTools(writer, root, state);
            if (config.ValueKind == JsonValueKind.Object)
            {
                WriteConfig(writer, config, state);
            }
            else if (config.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw new TranslationException("'generationConfig' must be an object.");
            }

            writer.WriteBoolean("stream", stream);
            if (stream)
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return new GeminiChatRequest(buffer.WrittenSpan.ToArray(), state.Kinds, state.IncludeThoughts, state.LeftOut);
    }

    /// <summary>What the mapping learns on its way: content kinds, the thought setting, what it left out, the open function calls.</summary>
    private sealed class MapState
    {
        public ContentKinds Kinds { get; set; } = ContentKinds.Text;

        public bool IncludeThoughts { get; set; }

        public List<string> LeftOut { get; } = [];

        /// <summary>The function calls of the last model turn not yet answered, in order: a response without an id takes the first of its name.</summary>
        public List<(string Name, string Id)> Pending { get; } = [];
    }
}
