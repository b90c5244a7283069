using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// The request settings a response object echoes, as OpenAI does: what the client sent, or OpenAI's default for
/// what it did not (temperature and top_p stay null then: the provider's default is not known here). Read from the
/// request once; written into every response object of the answer.
/// </summary>
internal static class ResponseEchoes
{
    private static readonly (string Name, string Default)[] Fields =
    [
        ("instructions", "null"),
        ("max_output_tokens", "null"),
        ("parallel_tool_calls", "true"),
        ("previous_response_id", "null"),
        ("reasoning", "null"),
        ("store", "true"),
        ("temperature", "null"),
        ("text", """{"format":{"type":"text"}}"""),
        ("tool_choice", "\"auto\""),
        ("tools", "[]"),
        ("top_p", "null"),
        ("truncation", "\"disabled\""),
        ("user", "null"),
        ("metadata", "{}"),
    ];

    /// <summary>The echoed settings as one JSON object that needs no document kept open.</summary>
    public static JsonElement Read(ReadOnlySpan<byte> request)
    {
        using var document = ResponsesJson.Parse(request);
        var root = document.RootElement;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            foreach (var (name, fallback) in Fields)
            {
                writer.WritePropertyName(name);
                if (name == "reasoning")
                {
                    WriteReasoning(writer, root);
                }
                else if (ResponsesJson.Has(root, name, out var value))
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteRawValue(fallback, skipInputValidation: true);
                }
            }

            writer.WriteEndObject();
        }

        using var echoes = ResponsesJson.Parse(buffer.WrittenSpan);
        return echoes.RootElement.Clone();
    }

    private static void WriteReasoning(Utf8JsonWriter writer, JsonElement root)
    {
        ResponsesJson.Has(root, "reasoning", out var reasoning);
        writer.WriteStartObject();
        foreach (var name in (ReadOnlySpan<string>)["effort", "summary"])
        {
            if (ResponsesJson.String(reasoning, name) is { } value)
            {
                writer.WriteString(name, value);
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        writer.WriteEndObject();
    }
}
