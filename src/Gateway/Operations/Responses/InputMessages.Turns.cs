using System.Text.Json;
using Gateway.Providers;

namespace Gateway.Operations.Responses;

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

    private void WriteToolCall(JsonElement call)
    {
        writer.WriteStartObject();
        writer.WriteString("id", ResponsesJson.String(call, "call_id") ?? throw new TranslationException("A function_call item needs a 'call_id'."));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", ResponsesJson.String(call, "name") ?? throw new TranslationException("A function_call item needs a 'name'."));
        writer.WriteString("arguments", ResponsesJson.String(call, "arguments") ?? throw new TranslationException("A function_call item needs 'arguments' (a string)."));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteToolOutput(JsonElement item)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", ResponsesJson.String(item, "call_id") ?? throw new TranslationException("A function_call_output item needs a 'call_id'."));
        writer.WriteString("content", item.TryGetProperty("output", out var output) ? ToolOutputText(output) : throw new TranslationException("A function_call_output item needs an 'output'."));
        writer.WriteEndObject();
        _count++;
    }
}
