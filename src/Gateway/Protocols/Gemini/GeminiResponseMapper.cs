using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// A <c>chat.completion</c> as a Gemini <c>GenerateContentResponse</c> (pure): one candidate per choice with its parts
/// (reasoning as <c>thought</c> parts when the client asked for thoughts, then text, then each tool call as a
/// <c>functionCall</c> with its id), <c>finishReason</c> (<see cref="GeminiFinishReason"/>), <c>usageMetadata</c>,
/// <c>modelVersion</c> (the model that answered) and <c>responseId</c>.
/// </summary>
internal static class GeminiResponseMapper
{
    public static byte[] Map(ReadOnlySpan<byte> chatBody, string model, bool includeThoughts)
    {
        var reader = new Utf8JsonReader(chatBody);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var buffer = new ArrayBufferWriter<byte>(chatBody.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("candidates");
            var index = 0;
            foreach (var choice in GeminiJson.Array(root, "choices", "the answer"))
            {
                WriteCandidate(writer, choice, index++, includeThoughts);
            }

            writer.WriteEndArray();
            var (prompt, completion, reasoning, cached) = GeminiParts.ChatUsage(GeminiJson.Property(root, "usage"));
            GeminiParts.Usage(writer, prompt, completion, reasoning, cached);
            writer.WriteString("modelVersion", GeminiJson.String(root, "model") ?? model);
            if (GeminiJson.String(root, "id") is { } id)
            {
                writer.WriteString("responseId", id);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCandidate(Utf8JsonWriter writer, JsonElement choice, int index, bool includeThoughts)
    {
        var message = GeminiJson.Property(choice, "message");
        writer.WriteStartObject();
        writer.WriteStartObject("content");
        writer.WriteStartArray("parts");
        var parts = 0;
        var reasoning = GeminiJson.String(message, "reasoning_content") ?? GeminiJson.String(message, "reasoning");
        if (includeThoughts && !string.IsNullOrEmpty(reasoning))
        {
            GeminiParts.Text(writer, reasoning, thought: true);
            parts++;
        }

        foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (GeminiJson.String(message, name) is { Length: > 0 } text)
            {
                GeminiParts.Text(writer, text);
                parts++;
            }
        }

        foreach (var call in GeminiJson.Array(message, "tool_calls", "a message"))
        {
            var function = GeminiJson.Property(call, "function");
            GeminiParts.Call(writer, GeminiJson.String(call, "id"), GeminiJson.String(function, "name") ?? "", GeminiJson.String(function, "arguments") ?? "{}");
            parts++;
        }

        if (parts == 0)
        {
            GeminiParts.Text(writer, "");
        }

        writer.WriteEndArray();
        writer.WriteString("role", "model");
        writer.WriteEndObject();
        writer.WriteString("finishReason", GeminiFinishReason.From(GeminiJson.String(choice, "finish_reason")));
        writer.WriteNumber("index", GeminiJson.Property(choice, "index") is { ValueKind: JsonValueKind.Number } i && i.TryGetInt32(out var at) ? at : index);
        writer.WriteEndObject();
    }
}
