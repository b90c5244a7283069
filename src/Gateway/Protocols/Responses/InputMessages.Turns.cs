using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>Assistant turns (text, refusal and tool calls merged into one message) and tool results.</summary>
internal sealed partial class InputMessages
{
    /// <summary>Writes the assistant turn collected so far (its text, refusal and tool calls) as one message.</summary>
    private void Flush()
    {
        if (!_assistantOpen)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (_text.Length > 0 || _calls.Count == 0)
        {
            writer.WriteString("content", _text.ToString());
        }
        else
        {
            writer.WriteNull("content");
        }

        if (_refusal.Length > 0)
        {
            writer.WriteString("refusal", _refusal.ToString());
        }

        if (_calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in _calls)
            {
                WriteToolCall(call);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        _count++;
        (_assistantOpen, _text.Length, _refusal.Length) = (false, 0, 0);
        _calls.Clear();
    }

    /// <summary>
    /// A function call as a chat tool call under the chat name of its tool (<c>{namespace}__{name}</c> for a namespaced
    /// function); a custom tool call as a call of the function standing for it, its text as the one argument <c>input</c>.
    /// </summary>
    private void WriteToolCall(JsonElement call)
    {
        var custom = ResponsesJson.String(call, "type") == "custom_tool_call";
        var kind = custom ? "A custom_tool_call item" : "A function_call item";
        writer.WriteStartObject();
        writer.WriteString("id", ResponsesJson.String(call, "call_id") ?? throw new TranslationException($"{kind} needs a 'call_id'."));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        var name = ResponsesJson.String(call, "name") ?? throw new TranslationException($"{kind} needs a 'name'.");
        writer.WriteString("name", ResponseToolNames.ChatName(ResponsesJson.String(call, "namespace"), name));
        if (custom)
        {
            var input = ResponsesJson.String(call, "input") ?? throw new TranslationException("A custom_tool_call item needs an 'input' (a string).");
            writer.WriteString("arguments", CustomToolArguments.Of(input));
        }
        else
        {
            writer.WriteString("arguments", ResponsesJson.String(call, "arguments") ?? throw new TranslationException("A function_call item needs 'arguments' (a string)."));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteToolOutput(JsonElement item)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", ResponsesJson.String(item, "call_id") ?? throw new TranslationException("A tool call output item needs a 'call_id'."));
        writer.WriteString("content", item.TryGetProperty("output", out var output) ? ToolOutputText(output) : throw new TranslationException("A tool call output item needs an 'output'."));
        writer.WriteEndObject();
        _count++;
    }
}
