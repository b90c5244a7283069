using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// <c>systemInstruction</c> and <c>contents</c>: a <c>user</c> turn (or the old <c>function</c> role) becomes a tool
/// message per <c>functionResponse</c> part, then a user message with its text and media (one text part as a string,
/// several as text content parts, so their boundaries stay); a <c>model</c> turn becomes an
/// assistant message with its text and its <c>functionCall</c> parts as tool calls. Thought parts (and thought
/// signatures) are the model's own record: chat has no input for them, so they are left out.
/// </summary>
internal static partial class GeminiRequestMapper
{
    private static void WriteSystem(Utf8JsonWriter writer, JsonElement system)
    {
        var text = system.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            JsonValueKind.String => system.GetString(),
            JsonValueKind.Object => TextOf(system, "systemInstruction"),
            _ => throw new TranslationException("'systemInstruction' must be a Content object."),
        };
        if (!string.IsNullOrEmpty(text))
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", text);
            writer.WriteEndObject();
        }
    }

    /// <summary>The text parts of a Content joined (a system instruction's).</summary>
    private static string TextOf(JsonElement content, string where)
    {
        var text = new StringBuilder();
        foreach (var part in GeminiJson.Array(content, "parts", where))
        {
            if (GeminiJson.String(part, "text") is { } piece)
            {
                text.Append(text.Length > 0 ? "\n" : "").Append(piece);
            }
            else
            {
                throw new TranslationException($"Only text parts can be in {where}.");
            }
        }

        return text.ToString();
    }

    private static void WriteContents(Utf8JsonWriter writer, JsonElement contents, MapState state)
    {
        if (contents.ValueKind != JsonValueKind.Array || contents.GetArrayLength() == 0)
        {
            throw new TranslationException("'contents' must be a non-empty array.");
        }

        var turn = 0;
        foreach (var content in contents.EnumerateArray())
        {
            if (content.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException("Each element of 'contents' must be a Content object.");
            }

            var parts = GeminiJson.Property(content, "parts");
            if (parts.ValueKind != JsonValueKind.Array)
            {
                throw new TranslationException($"'contents[{turn}].parts' must be an array.");
            }

            switch (GeminiJson.String(content, "role") ?? "user")
            {
                case "user" or "function":
                    WriteUserTurn(writer, parts, turn, state);
                    break;
                case "model":
                    WriteModelTurn(writer, parts, turn, state);
                    break;
                default:
                    throw new TranslationException($"'contents[{turn}].role' must be 'user' or 'model'.");
            }

            turn++;
        }
    }

    private static void WriteModelTurn(Utf8JsonWriter writer, JsonElement parts, int turn, MapState state)
    {
        var text = new StringBuilder();
        var calls = new List<(string Id, string Name, JsonElement Args)>();
        var index = 0;
        foreach (var part in parts.EnumerateArray())
        {
            if (GeminiJson.Property(part, "thought").ValueKind == JsonValueKind.True)
            {
                // the model's thinking: no chat input carries it
            }
            else if (GeminiJson.String(part, "text") is { } piece)
            {
                text.Append(piece);
            }
            else if (GeminiJson.Property(part, "functionCall") is { ValueKind: JsonValueKind.Object } call)
            {
                var name = GeminiJson.String(call, "name") ?? throw new TranslationException($"'functionCall.name' in contents[{turn}] must be a string.");
                var id = GeminiJson.String(call, "id") is { Length: > 0 } given ? given : CallId(turn, index);
                calls.Add((id, name, GeminiJson.Property(call, "args")));
            }
            else
            {
                RefusePart(part, turn);
            }

            index++;
        }

        state.Pending.Clear();
        state.Pending.AddRange(calls.Select(c => (c.Name, c.Id)));
        if (text.Length == 0 && calls.Count == 0)
        {
            return; // a turn of thoughts only: nothing a chat provider can read
        }

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (text.Length > 0)
        {
            writer.WriteString("content", text.ToString());
        }
        else
        {
            writer.WriteNull("content");
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var (id, name, args) in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", name);
                writer.WriteString("arguments", args.ValueKind == JsonValueKind.Object ? GeminiJson.Compact(args) : "{}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteUserTurn(Utf8JsonWriter writer, JsonElement parts, int turn, MapState state)
    {
        // Tool results first: chat wants them right after the assistant message that called.
        var index = 0;
        var media = false;
        foreach (var part in parts.EnumerateArray())
        {
            if (GeminiJson.Property(part, "functionResponse") is { ValueKind: JsonValueKind.Object } response)
            {
                WriteToolMessage(writer, response, turn, index, state);
            }
            else
            {
                media |= GeminiJson.String(part, "text") is null;
            }

            index++;
        }

        state.Pending.Clear();
        var texts = parts.EnumerateArray().Count(p => GeminiJson.String(p, "text") is not null);
        if (texts == 0 && !media)
        {
            return; // tool results only
        }

        writer.WriteStartObject();
        writer.WriteString("role", "user");
        if (!media && texts == 1)
        {
            writer.WriteString("content", parts.EnumerateArray().Select(p => GeminiJson.String(p, "text")).First(t => t is not null));
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartArray("content");
        foreach (var part in parts.EnumerateArray())
        {
            if (GeminiJson.String(part, "text") is { } text)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text);
                writer.WriteEndObject();
            }
            else if (GeminiJson.Property(part, "functionResponse").ValueKind != JsonValueKind.Object)
            {
                WriteMedia(writer, part, turn, state);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteToolMessage(Utf8JsonWriter writer, JsonElement response, int turn, int index, MapState state)
    {
        var name = GeminiJson.String(response, "name") ?? throw new TranslationException($"'functionResponse.name' in contents[{turn}] must be a string.");
        string id;
        if (GeminiJson.String(response, "id") is { Length: > 0 } given)
        {
            id = given;
            state.Pending.RemoveAll(p => p.Id == given);
        }
        else if (state.Pending.FindIndex(p => p.Name == name) is var open and >= 0)
        {
            id = state.Pending[open].Id;
            state.Pending.RemoveAt(open);
        }
        else
        {
            id = CallId(turn, index);
        }

        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", id);
        var result = GeminiJson.Property(response, "response");
        writer.WriteString("content", result.ValueKind switch
        {
            // Gemini CLI's and the SDK's usual {"output": "..."} is the text itself; anything else goes as its JSON.
            JsonValueKind.Object when result.EnumerateObject().Count() == 1 && GeminiJson.String(result, "output") is { } output => output,
            JsonValueKind.Undefined or JsonValueKind.Null => "",
            _ => GeminiJson.Compact(result),
        });
        writer.WriteEndObject();
    }

    /// <summary><c>inlineData</c> (images, wav/mp3 audio, PDF) and <c>fileData</c> (images by URL) as chat content parts.</summary>
    private static void WriteMedia(Utf8JsonWriter writer, JsonElement part, int turn, MapState state)
    {
        if (GeminiJson.Property(part, "inlineData") is { ValueKind: JsonValueKind.Object } inline)
        {
            var mime = GeminiJson.String(inline, "mimeType") ?? throw new TranslationException($"'inlineData.mimeType' in contents[{turn}] must be a string.");
            var data = GeminiJson.String(inline, "data") ?? throw new TranslationException($"'inlineData.data' in contents[{turn}] must be a base64 string.");
            writer.WriteStartObject();
            if (mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                state.Kinds |= ContentKinds.Image;
                writer.WriteString("type", "image_url");
                writer.WriteStartObject("image_url");
                writer.WriteString("url", $"data:{mime};base64,{data}");
                writer.WriteEndObject();
            }
            else if (mime.ToLowerInvariant() is "audio/wav" or "audio/x-wav" or "audio/mp3" or "audio/mpeg")
            {
                state.Kinds |= ContentKinds.Audio;
                writer.WriteString("type", "input_audio");
                writer.WriteStartObject("input_audio");
                writer.WriteString("data", data);
                writer.WriteString("format", mime.Contains("wav", StringComparison.OrdinalIgnoreCase) ? "wav" : "mp3");
                writer.WriteEndObject();
            }
            else if (mime.Equals("application/pdf", StringComparison.OrdinalIgnoreCase))
            {
                state.Kinds |= ContentKinds.File;
                writer.WriteString("type", "file");
                writer.WriteStartObject("file");
                writer.WriteString("filename", "document.pdf");
                writer.WriteString("file_data", $"data:{mime};base64,{data}");
                writer.WriteEndObject();
            }
            else
            {
                throw new TranslationException($"'inlineData' of type '{mime}' in contents[{turn}] has no chat-completions form (images, wav or mp3 audio and PDF do).");
            }

            writer.WriteEndObject();
            return;
        }

        if (GeminiJson.Property(part, "fileData") is { ValueKind: JsonValueKind.Object } file
            && GeminiJson.String(file, "mimeType") is { } fileMime && fileMime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && GeminiJson.String(file, "fileUri") is { } uri && uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            state.Kinds |= ContentKinds.Image;
            writer.WriteStartObject();
            writer.WriteString("type", "image_url");
            writer.WriteStartObject("image_url");
            writer.WriteString("url", uri);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        RefusePart(part, turn);
    }

    private static void RefusePart(JsonElement part, int turn)
    {
        var kind = part.ValueKind == JsonValueKind.Object ? part.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("thought" or "thoughtSignature" or "videoMetadata")) : null;
        throw new TranslationException(kind is null
            ? $"A part in contents[{turn}] is empty or not an object."
            : $"The '{kind}' part in contents[{turn}] has no chat-completions form.");
    }

    private static string CallId(int turn, int index) => string.Create(CultureInfo.InvariantCulture, $"call_{turn}_{index}");
}
