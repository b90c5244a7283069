using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// Writes the response object (<c>"object":"response"</c>) of one answer at each of its stages: in progress, then
/// completed, incomplete or failed, with its output items, usage and the request settings it echoes.
/// </summary>
internal sealed class ResponseObjectWriter(ResponseContext context)
{
    private readonly JsonElement _echoes = ResponseEchoes.Read(context.Request.Span);

    public ResponseContext Context => context;

    /// <summary>The status a chat <c>finish_reason</c> gives, and why a response is incomplete (null when it is not).</summary>
    public static (string Status, string? Reason) Outcome(string? finishReason) => finishReason switch
    {
        "length" => ("incomplete", "max_output_tokens"),
        "content_filter" => ("incomplete", "content_filter"),
        _ => ("completed", null),
    };

    /// <summary>The response object as JSON bytes; <paramref name="error"/> is a failed response's code and message.</summary>
    public byte[] Write(string status, IReadOnlyList<OutputItem> output, string? incompleteReason, ResponseUsage? usage, (string Code, string Message)? error = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", context.Id);
            writer.WriteString("object", "response");
            writer.WriteNumber("created_at", context.CreatedAt);
            writer.WriteString("status", status);
            if (error is { } failure)
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", failure.Code);
                writer.WriteString("message", failure.Message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("error");
            }

            if (incompleteReason is null)
            {
                writer.WriteNull("incomplete_details");
            }
            else
            {
                writer.WriteStartObject("incomplete_details");
                writer.WriteString("reason", incompleteReason);
                writer.WriteEndObject();
            }

            writer.WriteString("model", context.Model);
            writer.WriteStartArray("output");
            foreach (var item in output)
            {
                OutputItemWriter.WriteItem(writer, item);
            }

            writer.WriteEndArray();
            if (usage is { } tokens)
            {
                tokens.Write(writer);
            }
            else
            {
                writer.WriteNull("usage");
            }

            foreach (var echo in _echoes.EnumerateObject())
            {
                echo.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
