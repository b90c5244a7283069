using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.Contracts;

/// <summary>
/// Endpoint metadata of the seed's <c>/api/ai-providers</c> API, whose errors are <c>{"error":"CODE","message":"..."}</c>,
/// and the writer of that shape. As an <see cref="IErrorShape"/> it also shapes every error the gateway writes there
/// through <see cref="OpenAIError.WriteAsync"/> (challenges, refusals, the last-resort 500), the code following the status.
/// </summary>
internal sealed class SeedErrorSurface : IErrorShape
{
    public static readonly SeedErrorSurface Instance = new();

    /// <summary>The seed's code for a status the gateway itself answers with.</summary>
    public static string CodeFor(int status) => status switch
    {
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        429 => "RATE_LIMIT_EXCEEDED",
        503 => "SERVICE_UNAVAILABLE",
        >= 500 => "INTERNAL_ERROR",
        _ => "INVALID_REQUEST",
    };

    Task IErrorShape.WriteAsync(HttpContext context, int status, string message, string type, string? code)
    {
        // A provider's (or budget's) usage limit has the seed's own code; anything else follows the status.
        WriteBody(context.Response, code == "usage_limit_exceeded" ? "USAGE_LIMIT_EXCEEDED" : CodeFor(status), message);
        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        WriteBody(response, code, message);
        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    private static void WriteBody(HttpResponse response, string code, string message)
    {
        using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }
}
