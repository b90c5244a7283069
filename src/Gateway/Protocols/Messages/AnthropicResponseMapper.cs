using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// Anthropic message (non-streaming) to OpenAI <c>chat.completion</c> (pure): text as <c>content</c>, thinking as
/// <c>reasoning_content</c>, client tool calls as <c>tool_calls</c>; server tools' blocks (a search Anthropic ran) are
/// not the client's calls, and the text that used them is what comes back.
/// </summary>
internal static class AnthropicResponseMapper
{
    public static byte[] Map(ReadOnlySpan<byte> anthropic, long created)
    {
        var reader = new Utf8JsonReader(anthropic);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var text = new System.Text.StringBuilder();
        var reasoning = new System.Text.StringBuilder();
        var buffer = new ArrayBufferWriter<byte>(anthropic.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "chatcmpl-" + (root.TryGetProperty("id", out var id) ? id.GetString() : "anthropic"));
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", created);
            writer.WriteString("model", root.TryGetProperty("model", out var model) ? model.GetString() : "");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            var calls = new List<JsonElement>();
            var structured = false;
            foreach (var block in root.GetProperty("content").EnumerateArray())
            {
                switch (block.GetProperty("type").GetString())
                {
                    case "text":
                        text.Append(block.GetProperty("text").GetString());
                        break;
                    case "thinking" when block.TryGetProperty("thinking", out var thinking):
                        reasoning.Append(thinking.GetString());
                        break;
                    case "tool_use" when AnthropicStructuredOutput.IsAnswer(block):
                        text.Append(block.GetProperty("input").GetRawText());
                        structured = true;
                        break;
                    case "tool_use":
                        calls.Add(block);
                        break;
                }
            }

            if (text.Length > 0 || calls.Count == 0)
            {
                writer.WriteString("content", text.ToString());
            }
            else
            {
                writer.WriteNull("content");
            }

            if (reasoning.Length > 0)
            {
                writer.WriteString("reasoning_content", reasoning.ToString());
            }

            if (calls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", call.GetProperty("id").GetString());
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.GetProperty("name").GetString());
                    writer.WriteString("arguments", call.GetProperty("input").GetRawText());
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            var finish = MessagesStopReasons.ToChat(root.TryGetProperty("stop_reason", out var stop) ? stop.GetString() : null);
            writer.WriteString("finish_reason", structured && calls.Count == 0 && finish == "tool_calls" ? "stop" : finish);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (root.TryGetProperty("usage", out var usage))
            {
                WriteUsage(writer, Tokens(usage, "input_tokens"), Tokens(usage, "output_tokens"));
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static long Tokens(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    public static void WriteUsage(Utf8JsonWriter writer, long prompt, long completion)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", prompt + completion);
        writer.WriteEndObject();
    }
}
