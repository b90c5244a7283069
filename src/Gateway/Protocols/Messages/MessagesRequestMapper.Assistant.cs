using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>Assistant turns: text and tool calls.</summary>
internal static partial class MessagesRequestMapper
{
    /// <summary>
    /// An assistant turn: its text as <c>content</c>, its <c>tool_use</c> blocks as <c>tool_calls</c> (the input
    /// object serialized as <c>arguments</c>). Thinking and redacted thinking are dropped: their signatures only
    /// mean something to Anthropic, and chat completions has no field to send earlier reasoning back in.
    /// A turn left with nothing (thinking only) is not sent.
    /// </summary>
    private static void WriteAssistant(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteMessage(writer, "assistant", content.GetString()!);
            return;
        }

        var calls = 0;
        foreach (var block in content.EnumerateArray())
        {
            switch (MessagesJson.BlockType(block))
            {
                case "tool_use":
                    calls++;
                    break;
                case "text" or "thinking" or "redacted_thinking":
                    break;
                case "server_tool_use" or "web_search_tool_result" or "web_fetch_tool_result" or "code_execution_tool_result"
                    or "bash_code_execution_tool_result" or "text_editor_code_execution_tool_result" or "tool_search_tool_result" or "mcp_tool_use" or "mcp_tool_result":
                    // A tool Anthropic ran itself in an earlier turn: the answer's text that used it follows in text
                    // blocks; the call and its raw result have no chat form and no use to another provider.
                    break;
                case var type:
                    throw Unsupported(type);
            }
        }

        var text = JoinText(content, null);
        if (text.Length == 0 && calls == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (text.Length > 0)
        {
            writer.WriteString("content", text);
        }
        else
        {
            writer.WriteNull("content");
        }

        if (calls > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var block in content.EnumerateArray())
            {
                if (MessagesJson.String(block, "type") == "tool_use")
                {
                    WriteToolCall(writer, block);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, JsonElement block)
    {
        writer.WriteStartObject();
        writer.WriteString("id", MessagesJson.RequiredString(block, "id", "a tool_use block"));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", MessagesJson.RequiredString(block, "name", "a tool_use block"));
        writer.WriteString("arguments", block.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? MessagesJson.Compact(input) : "{}");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
