using System.Text.Json;
using Gateway.Contracts;
using Gateway.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Gateway.ManagedProviders;

/// <summary>
/// The responses both provider APIs share: JSON bodies written with a <see cref="Utf8JsonWriter"/> (no reflection),
/// the body read once under a small cap, and an unreachable store turned into a 503 with a clear message.
/// </summary>
internal static class ProviderApiResponses
{
    /// <summary>Provider API bodies are small: 64 KiB is plenty for a config object and a model list.</summary>
    public const int MaxBody = 64 * 1024;

    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        write(writer);
    }

    public static Task SuccessAsync(HttpContext context, string? id, int status = 200) => WriteJsonAsync(context, status, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("success", true);
        if (id is not null)
        {
            w.WriteString("id", id);
        }

        w.WriteEndObject();
    });

    /// <summary>The body as bytes, or null after answering 413/415/400 in the seed's shape.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var type = context.Request.ContentType;
        if (type is null || !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            await SeedErrorSurface.WriteAsync(context, 415, "INVALID_REQUEST", "Send the request body as application/json.").ConfigureAwait(false);
            return null;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, MaxBody).ConfigureAwait(false);
        if (body is null)
        {
            await SeedErrorSurface.WriteAsync(context, status, "INVALID_REQUEST", status == 413 ? $"The request body is larger than {MaxBody} bytes." : "The request body could not be read.").ConfigureAwait(false);
            return null;
        }

        using (body)
        {
            return body.Span.ToArray();
        }
    }

    /// <summary>Runs a handler; an unreachable store becomes 503 <c>STORE_UNAVAILABLE</c> in <paramref name="error"/>'s shape.</summary>
    public static async Task GuardAsync(HttpContext context, Func<Task> handler, Func<HttpContext, ApiError, Task> error)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            await error(context, ApiError.Unavailable(e.Database)).ConfigureAwait(false);
        }
    }
}
