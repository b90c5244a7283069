using System.Text;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>Message content: Responses content parts to chat content parts.</summary>
internal sealed partial class InputMessages
{
    /// <summary>A user or system message: string content stays a string, parts become chat parts.</summary>
    private void WriteMessage(string role, JsonElement content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteString("content", content.GetString());
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray("content");
                foreach (var part in content.EnumerateArray())
                {
                    WritePart(role, part);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new TranslationException("A message's 'content' must be a string or an array of content parts.");
        }

        writer.WriteEndObject();
        _count++;
    }

    private void WritePart(string role, JsonElement part)
    {
        var type = ResponsesJson.String(part, "type");
        writer.WriteStartObject();
        switch (type)
        {
            case "input_text" or "output_text":
                writer.WriteString("type", "text");
                writer.WriteString("text", ResponsesJson.String(part, "text") ?? throw new TranslationException($"An {type} part needs a 'text'."));
                break;
            case "input_image" when role == "user":
                if (ResponsesJson.Has(part, "file_id", out _) || ResponsesJson.String(part, "image_url") is not { Length: > 0 } url)
                {
                    throw new TranslationException("Images by 'file_id' are not supported for this model's provider: send an 'image_url' (a URL or a data: URL).");
                }

                writer.WriteString("type", "image_url");
                writer.WriteStartObject("image_url");
                writer.WriteString("url", url);
                if (ResponsesJson.String(part, "detail") is { } detail)
                {
                    writer.WriteString("detail", detail);
                }

                writer.WriteEndObject();
                break;
            case "input_file" when role == "user":
                if (ResponsesJson.String(part, "file_data") is not { Length: > 0 } data)
                {
                    throw new TranslationException("Files by 'file_id' or 'file_url' are not supported for this model's provider: send 'file_data'.");
                }

                writer.WriteString("type", "file");
                writer.WriteStartObject("file");
                if (ResponsesJson.String(part, "filename") is { } filename)
                {
                    writer.WriteString("filename", filename);
                }

                writer.WriteString("file_data", data);
                writer.WriteEndObject();
                break;
            default:
                throw new TranslationException($"Content parts of type '{type}' are not supported in a {role} message for this model's provider.");
        }

        writer.WriteEndObject();
    }

    /// <summary>An assistant message's text (output_text parts joined) and refusal, for the turn being collected.</summary>
    private void AddAssistantContent(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            _text.Append(content.GetString());
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("A message's 'content' must be a string or an array of content parts.");
        }

        foreach (var part in content.EnumerateArray())
        {
            switch (ResponsesJson.String(part, "type"))
            {
                case "output_text" or "input_text":
                    _text.Append(ResponsesJson.String(part, "text"));
                    break;
                case "refusal":
                    _refusal.Append(ResponsesJson.String(part, "refusal"));
                    break;
                case var type:
                    throw new TranslationException($"Content parts of type '{type}' are not supported in an assistant message.");
            }
        }
    }

    /// <summary>A function's output: a string, or the text of its input_text parts (chat tool messages carry text only).</summary>
    private static string ToolOutputText(JsonElement output)
    {
        if (output.ValueKind == JsonValueKind.String)
        {
            return output.GetString()!;
        }

        if (output.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("A function_call_output's 'output' must be a string or an array of content parts.");
        }

        var text = new StringBuilder();
        foreach (var part in output.EnumerateArray())
        {
            text.Append(ResponsesJson.String(part, "type") == "input_text"
                ? ResponsesJson.String(part, "text")
                : throw new TranslationException("Only text can be a function's output for this model's provider."));
        }

        return text.ToString();
    }
}
