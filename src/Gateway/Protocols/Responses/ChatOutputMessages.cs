using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// A turn's output items back as the one assistant chat message they came from (text, refusal, tool calls), for the
/// stored conversation that the next request's <c>previous_response_id</c> continues. Reasoning is left out: chat
/// completions take none back.
/// </summary>
internal static class ChatOutputMessages
{
    public static byte[] Write(IReadOnlyList<OutputItem> output)
    {
        var text = new StringBuilder();
        var refusal = new StringBuilder();
        var calls = output.Where(i => i.Kind == OutputKind.FunctionCall).ToList();
        foreach (var part in output.Where(i => i.Kind == OutputKind.Message).SelectMany(i => i.Parts))
        {
            (part.Type == OutputPart.Refusal ? refusal : text).Append(part.Text);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("role", "assistant");
            if (text.Length > 0 || calls.Count == 0)
            {
                writer.WriteString("content", text.ToString());
            }
            else
            {
                writer.WriteNull("content");
            }

            if (refusal.Length > 0)
            {
                writer.WriteString("refusal", refusal.ToString());
            }

            if (calls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", call.CallId);
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.Name.ToString());
                    writer.WriteString("arguments", call.Arguments.ToString());
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
