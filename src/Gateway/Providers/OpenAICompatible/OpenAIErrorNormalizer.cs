using System.Buffers;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols;

namespace Gateway.Providers.OpenAICompatible;

/// <summary>
/// OpenAI-compatible providers mostly answer errors in OpenAI's shape already; those pass unchanged. Anything else
/// (a proxy's HTML page, <c>{"detail": ...}</c>, an empty body) is rewritten into an OpenAI error whose type and
/// code follow the status, so clients' error handling works whatever sits behind the gateway.
/// </summary>
internal static class OpenAIErrorNormalizer
{
    public static byte[] Normalize(int status, byte[] body)
    {
        string? message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out _))
            {
                return body;
            }

            message = root.ValueKind == JsonValueKind.Object
                ? FirstString(root, "message") ?? FirstString(root, "detail") ?? (root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null)
                : null;
        }
        catch (JsonException)
        {
            // Not JSON.
        }

        message ??= $"The provider answered HTTP {status}.";
        var code = status switch
        {
            401 => "invalid_api_key",
            403 => "permission_denied",
            404 => "model_not_found",
            429 => "rate_limit_exceeded",
            400 when ContextLength.IsExceeded(message) => ContextLength.Code,
            _ => null,
        };
        var type = status switch
        {
            401 => ErrorTypes.Authentication,
            403 => "permission_error",
            429 => ErrorTypes.RateLimit,
            >= 500 => ErrorTypes.Server,
            _ => ErrorTypes.InvalidRequest,
        };
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OpenAIError.WriteBody(writer, message, type, code);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? FirstString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
