using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols.Messages;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>The Anthropic surface's errors: <c>{"type":"error","error":{"type","message"}}</c>, the type following the status.</summary>
internal sealed class AnthropicErrorShape : IErrorShape
{
    public static AnthropicErrorShape Instance { get; } = new();

    public Task WriteAsync(HttpContext context, int status, string message, string type, string? code)
    {
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            MessagesErrors.WriteBody(writer, status, message);
        }

        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
