using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// Errors in Google's shape, <c>{"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}</c>, for the
/// <c>/v1beta</c> surface: the gateway's own errors, providers' errors (OpenAI-shaped after translation), and the error
/// element of a stream. Google's clients pick their behaviour by the HTTP status (the Gen AI SDK and Gemini CLI retry
/// 429 and 5xx); <c>status</c> is the canonical gRPC name Google pairs with it.
/// </summary>
internal static class GeminiErrors
{
    /// <summary>
    /// Google's status name for an HTTP status: 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
    /// 404 NOT_FOUND, 409 ABORTED, 429 RESOURCE_EXHAUSTED, 499 CANCELLED, 501 UNIMPLEMENTED, 502 and 503 UNAVAILABLE
    /// (a provider failed or none is available: temporary), 504 DEADLINE_EXCEEDED, other 5xx INTERNAL, other 4xx
    /// (413, 415, 422) INVALID_ARGUMENT, as Google answers an oversized or malformed request.
    /// </summary>
    public static string StatusFor(int status) => status switch
    {
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        502 or 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL",
        _ => "INVALID_ARGUMENT",
    };

    /// <summary>The error body for <paramref name="status"/>.</summary>
    public static void WriteBody(Utf8JsonWriter writer, int status, string message)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", status);
        writer.WriteString("message", message);
        writer.WriteString("status", StatusFor(status));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The error body as bytes.</summary>
    public static byte[] Body(int status, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            WriteBody(writer, status, message);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// An OpenAI-shaped error body (a provider's, normalized, or a translated one; or a proxy's <c>{"detail"}</c> /
    /// <c>{"message"}</c>, or not JSON) in Google's shape for the same status, keeping the provider's message.
    /// </summary>
    public static byte[] FromOpenAI(int status, ReadOnlySpan<byte> openAIErrorBody) => Body(status, MessageOf(openAIErrorBody) ?? $"The provider answered HTTP {status}.");

    /// <summary>
    /// The error element of a stream, in its framing: an SSE event, or (in the JSON-array stream, which has started
    /// with <c>[</c> by the time anything can fail) a further element, with the array's closing bracket when <paramref name="close"/>.
    /// </summary>
    public static void WriteStreamError(IBufferWriter<byte> output, GeminiFraming framing, int status, string message, bool close)
    {
        output.Write(framing == GeminiFraming.Sse ? "data: "u8 : ","u8);
        using (var writer = new Utf8JsonWriter(output, ProtocolJson.Writer))
        {
            WriteBody(writer, status, message);
        }

        output.Write(framing == GeminiFraming.Sse ? "\r\n\r\n"u8 : close ? "\n\n]"u8 : "\n\n"u8);
    }

    /// <summary>The status an OpenAI error object met inside a stream stands for: a numeric <c>code</c>, else by its type, else 500.</summary>
    internal static int StatusOf(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var status) && status is >= 400 and < 600)
        {
            return status;
        }

        return (GeminiJson.String(error, "code"), GeminiJson.String(error, "type")) switch
        {
            ("rate_limit_exceeded", _) or (_, "rate_limit_error" or "rate_limit_exceeded") => 429,
            ("invalid_api_key", _) or (_, "authentication_error") => 401,
            (_, "invalid_request_error") => 400,
            ("overloaded", _) or (_, "overloaded_error" or "service_unavailable") => 503,
            _ => 500,
        };
    }

    /// <summary>An OpenAI error object's <c>message</c>, or the error itself when it is a string.</summary>
    internal static string? MessageOf(JsonElement error) =>
        error.ValueKind == JsonValueKind.String ? error.GetString() : GeminiJson.String(error, "message");

    private static string? MessageOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
            return MessageOf(error) ?? GeminiJson.String(root, "detail") ?? GeminiJson.String(root, "message");
        }
        catch (JsonException)
        {
            return null; // not JSON (a proxy's HTML page): the status says what happened
        }
    }
}
