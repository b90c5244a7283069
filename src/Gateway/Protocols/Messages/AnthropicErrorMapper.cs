using System.Buffers;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Messages;

/// <summary>
/// Anthropic errors (<c>{"type":"error","error":{"type","message"}}</c>) as OpenAI errors with the statuses and
/// codes OpenAI clients act on: 529 overloaded becomes 503, a prompt over the context window becomes
/// <c>context_length_exceeded</c>.
/// </summary>
internal static class AnthropicErrorMapper
{
    public static string Type(string? anthropicType) => anthropicType switch
    {
        "authentication_error" => ErrorTypes.Authentication,
        "permission_error" => "permission_error",
        "not_found_error" => ErrorTypes.InvalidRequest,
        "rate_limit_error" => ErrorTypes.RateLimit,
        "overloaded_error" or "api_error" => ErrorTypes.Server,
        _ => ErrorTypes.InvalidRequest,
    };

    public static string? Code(string? anthropicType) => anthropicType switch
    {
        "authentication_error" => "invalid_api_key",
        "permission_error" => "permission_denied",
        "not_found_error" => "model_not_found",
        "rate_limit_error" => "rate_limit_exceeded",
        "overloaded_error" => "overloaded",
        "api_error" => "server_error",
        _ => null,
    };

    public static (int Status, byte[] Body) Map(int status, ReadOnlySpan<byte> body)
    {
        string? type = null, message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                type = error.TryGetProperty("type", out var t) ? t.GetString() : null;
                message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): keep the status, say what happened.
        }

        message ??= $"The provider answered HTTP {status}.";
        var code = Code(type);
        if (status == 400 && ContextLength.IsExceeded(message))
        {
            code = ContextLength.Code;
        }

        var mapped = status == 529 ? 503 : status;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OpenAIError.WriteBody(writer, message, type is null ? (status >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest) : Type(type), code);
        }

        return (mapped, buffer.WrittenSpan.ToArray());
    }
}
