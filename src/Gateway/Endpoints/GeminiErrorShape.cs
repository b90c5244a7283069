using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>The Gemini surface's errors: <c>{"error":{"code","message","status"}}</c>, the status name following the HTTP status.</summary>
internal sealed class GeminiErrorShape : IErrorShape
{
    public static GeminiErrorShape Instance { get; } = new();

    public Task WriteAsync(HttpContext context, int status, string message, string type, string? code)
    {
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, ProtocolJson.Writer))
        {
            GeminiErrors.WriteBody(writer, status, message);
        }

        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
