using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.Contracts;

/// <summary>
/// Endpoint metadata of the seed's <c>/api/ai-providers</c> API, whose errors are <c>{"error":"CODE","message":"..."}</c>
/// (challenges and refusals included), and the writer of that shape.
/// </summary>
internal sealed class SeedErrorSurface
{
    public static readonly SeedErrorSurface Instance = new();

    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("error", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
