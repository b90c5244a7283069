using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.Contracts;

/// <summary>Writes the gateway's own errors as OpenAI error bodies, <c>{"error":{"message","type","param","code"}}</c>, or in the shape of the endpoint's surface.</summary>
internal static class OpenAIError
{
    /// <summary>
    /// Writes an error, unless the response has started, in OpenAI's shape or, on an endpoint of another surface
    /// (<see cref="IErrorShape"/> metadata), in that surface's.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? code, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<IErrorShape>() is { } shape)
        {
            return shape.WriteAsync(context, status, message, type, code);
        }

        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            WriteBody(writer, message, type, code);
        }

        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    /// <summary>The error object on its own (also used inside SSE error events).</summary>
    public static void WriteBody(Utf8JsonWriter writer, string message, string type, string? code)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        writer.WriteNull("param");
        if (code is null)
        {
            writer.WriteNull("code");
        }
        else
        {
            writer.WriteString("code", code);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
