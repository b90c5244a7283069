using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// Responses input items to chat messages, after the earlier turns' messages. A string input is one user message.
/// Assistant messages and the function calls after them become one assistant message with <c>tool_calls</c>, as chat
/// completions expect a turn; a function call output is a <c>tool</c> message; reasoning items are dropped (chat
/// completions take no reasoning back); item references and built-in tool items have no chat form.
/// </summary>
internal sealed partial class InputMessages(Utf8JsonWriter writer)
{
    private readonly List<JsonElement> _calls = [];
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _refusal = new();
    private bool _assistantOpen;
    private int _count;

    /// <summary>The conversation as a JSON array: <paramref name="history"/> (a JSON array, or empty) and then <paramref name="input"/>.</summary>
    public static byte[] Write(JsonElement input, ReadOnlySpan<byte> history)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            var messages = new InputMessages(writer);
            writer.WriteStartArray();
            if (!history.IsEmpty)
            {
                using var earlier = ResponsesJson.Parse(history);
                foreach (var message in earlier.RootElement.EnumerateArray())
                {
                    message.WriteTo(writer);
                    messages._count++;
                }
            }

            switch (input.ValueKind)
            {
                case JsonValueKind.Undefined or JsonValueKind.Null:
                    break;
                case JsonValueKind.String:
                    messages.WriteMessage("user", input);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in input.EnumerateArray())
                    {
                        messages.Add(item);
                    }

                    messages.Flush();
                    break;
                default:
                    throw new TranslationException("'input' must be a string or an array of input items.");
            }

            if (messages._count == 0)
            {
                throw new TranslationException("'input' must not be empty.");
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void Add(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("Each input item must be an object.");
        }

        var type = ResponsesJson.String(item, "type") ?? (item.TryGetProperty("role", out _) ? "message" : null);
        switch (type)
        {
            case "message" when ResponsesJson.String(item, "role") == "assistant":
                Flush();
                _assistantOpen = true;
                AddAssistantContent(item.TryGetProperty("content", out var content) ? content : default);
                break;
            case "message":
                Flush();
                var role = ResponsesJson.String(item, "role");
                WriteMessage(role switch
                {
                    "user" => "user",
                    "system" or "developer" => "system",
                    _ => throw new TranslationException($"Unknown message role '{role}'."),
                }, item.TryGetProperty("content", out var parts) ? parts : default);
                break;
            case "function_call" or "custom_tool_call":
                _assistantOpen = true;
                _calls.Add(item);
                break;
            case "function_call_output" or "custom_tool_call_output":
                Flush();
                WriteToolOutput(item);
                break;
            case "reasoning":
                break;
            case "web_search_call":
                // A search the provider ran in an earlier turn: what it found is in the assistant's text that follows.
                break;
            case null:
                throw new TranslationException("Each input item needs a 'type' or a 'role'.");
            default:
                throw new TranslationException($"Input items of type '{type}' are not supported for this model's provider.");
        }
    }
}
