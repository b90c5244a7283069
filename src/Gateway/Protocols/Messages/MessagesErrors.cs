using System.Buffers;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Messages;

/// <summary>
/// The Messages format's one error table, both directions. Errors in Anthropic's shape,
/// <c>{"type":"error","error":{"type":...,"message":...}}</c>, for the <c>/v1/messages</c> surface: the gateway's own
/// errors, OpenAI-compatible providers' errors translated, and the <c>error</c> event of a stream. Anthropic's SDKs
/// pick their exception by status; the type is what agents show and some act on (an overloaded API is retried or
/// worked around, a bad request is not). And the other way, an Anthropic provider's errors as OpenAI errors with the
/// statuses and codes OpenAI clients act on: 529 overloaded becomes 503, a prompt over the context window becomes
/// <c>context_length_exceeded</c>.
/// </summary>
internal static class MessagesErrors
{
    /// <summary>Each Anthropic error type with the status Anthropic answers it with, and its OpenAI type and code.</summary>
    private static readonly (string Type, int Status, string OpenAIType, string? OpenAICode)[] Table =
    [
        ("invalid_request_error", 400, ErrorTypes.InvalidRequest, null),
        ("authentication_error", 401, ErrorTypes.Authentication, "invalid_api_key"),
        ("billing_error", 402, ErrorTypes.InvalidRequest, null),
        ("permission_error", 403, "permission_error", "permission_denied"),
        ("not_found_error", 404, ErrorTypes.InvalidRequest, "model_not_found"),
        ("request_too_large", 413, ErrorTypes.InvalidRequest, null),
        ("rate_limit_error", 429, ErrorTypes.RateLimit, "rate_limit_exceeded"),
        ("api_error", 500, ErrorTypes.Server, "server_error"),
        ("timeout_error", 504, ErrorTypes.InvalidRequest, null),
        ("overloaded_error", 529, ErrorTypes.Server, "overloaded"),
    ];

    /// <summary>The OpenAI error type for an Anthropic one (an unknown type is a bad request).</summary>
    public static string OpenAIType(string? anthropicType) => Row(anthropicType)?.OpenAIType ?? ErrorTypes.InvalidRequest;

    /// <summary>The OpenAI error code for an Anthropic type, null when OpenAI has none for it.</summary>
    public static string? OpenAICode(string? anthropicType) => Row(anthropicType)?.OpenAICode;

    private static (string Type, int Status, string OpenAIType, string? OpenAICode)? Row(string? anthropicType)
    {
        foreach (var row in Table)
        {
            if (row.Type == anthropicType)
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>An Anthropic provider's error answer as an OpenAI error status and body.</summary>
    public static (int Status, byte[] Body) ToOpenAI(int status, ReadOnlySpan<byte> body)
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
        var code = OpenAICode(type);
        if (status == 400 && ContextLength.IsExceeded(message))
        {
            code = ContextLength.Code;
        }

        var mapped = status == 529 ? 503 : status;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OpenAIError.WriteBody(writer, message, type is null ? (status >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest) : OpenAIType(type), code);
        }

        return (mapped, buffer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Anthropic's error type for a status, as its API documents them (400 invalid_request_error, 401
    /// authentication_error, 402 billing_error, 403 permission_error, 404 not_found_error, 413 request_too_large,
    /// 429 rate_limit_error, 500 api_error, 504 timeout_error, 529 overloaded_error; other 4xx
    /// invalid_request_error, other 5xx api_error). The gateway's 502 (every attempt failed) is api_error: a
    /// provider failed, which says nothing about capacity. Its 503 (no provider available now: circuits open,
    /// draining) is overloaded_error: the meaning of Anthropic's 529, temporary, retry later.
    /// </summary>
    public static string TypeFor(int status)
    {
        foreach (var row in Table)
        {
            if (row.Status == (status == 503 ? 529 : status))
            {
                return row.Type;
            }
        }

        return status >= 500 ? "api_error" : "invalid_request_error";
    }

    /// <summary>The error body for <paramref name="status"/>.</summary>
    public static void WriteBody(Utf8JsonWriter writer, int status, string message) => WriteBody(writer, TypeFor(status), message);

    /// <summary>
    /// An OpenAI-compatible provider's error body (<c>{"error":{"message","type","code"}}</c>, or a proxy's
    /// <c>{"detail"}</c> / <c>{"message"}</c>, or not JSON) in Anthropic's shape, for the same status. A prompt
    /// over the context window keeps the provider's message after Anthropic's own wording, "prompt is too long: ",
    /// which Anthropic clients look for.
    /// </summary>
    public static byte[] FromOpenAI(int status, ReadOnlySpan<byte> openAIErrorBody)
    {
        string? message = null;
        string? code = null;
        try
        {
            var reader = new Utf8JsonReader(openAIErrorBody);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
            message = OpenAIMessage(error) ?? MessagesJson.String(root, "detail") ?? MessagesJson.String(root, "message");
            code = MessagesJson.String(error, "code");
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the status says what happened.
        }

        message ??= $"The provider answered HTTP {status}.";
        if (status == 400 && (code == ContextLength.Code || ContextLength.IsExceeded(message)) && !message.StartsWith("prompt is too long", StringComparison.OrdinalIgnoreCase))
        {
            message = "prompt is too long: " + message;
        }

        return Body(TypeFor(status), message);
    }

    /// <summary>A stream's error event: <c>event: error</c>, the body as its data, a blank line.</summary>
    public static byte[] StreamEvent(int status, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteStreamEvent(buffer, TypeFor(status), message);
        return buffer.WrittenSpan.ToArray();
    }

    internal static void WriteStreamEvent(IBufferWriter<byte> output, string type, string message)
    {
        output.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output, ProtocolJson.Writer))
        {
            WriteBody(writer, type, message);
        }

        output.Write("\n\n"u8);
    }

    /// <summary>
    /// The Anthropic type of an OpenAI error object met inside a stream, where there is no status: by its
    /// <c>code</c> or <c>type</c> when they say, by a numeric <c>code</c> (some providers put the status there), else api_error.
    /// </summary>
    internal static string TypeForOpenAI(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var status) && status is >= 400 and < 600)
        {
            return TypeFor(status);
        }

        return (MessagesJson.String(error, "code"), MessagesJson.String(error, "type")) switch
        {
            ("rate_limit_exceeded", _) or (_, "rate_limit_error" or "rate_limit_exceeded") => "rate_limit_error",
            ("invalid_api_key", _) or (_, "authentication_error") => "authentication_error",
            (ContextLength.Code, _) or (_, "invalid_request_error") => "invalid_request_error",
            ("overloaded", _) or (_, "overloaded_error" or "service_unavailable") => "overloaded_error",
            _ => "api_error",
        };
    }

    /// <summary>An OpenAI error object's <c>message</c>, or the error itself when it is a string.</summary>
    internal static string? OpenAIMessage(JsonElement error) =>
        error.ValueKind == JsonValueKind.String ? error.GetString() : MessagesJson.String(error, "message");

    private static byte[] Body(string type, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            WriteBody(writer, type, message);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteBody(Utf8JsonWriter writer, string type, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", type);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
