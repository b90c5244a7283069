using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Hosting;

/// <summary>
/// An error status answered without a body (no route matched: 404; a route without that method: 405; any other
/// bodiless 4xx or 5xx) gets an OpenAI-style error body, on the conditions of ASP.NET Core's status-code pages: the
/// response has not started and has neither a content length nor a content type. Checked by
/// <see cref="RequestOutcomeMiddleware"/> after the rest of the pipeline: UseStatusCodePages did the same in a
/// middleware of its own, with its own state machine, feature and items dictionary on every request.
/// </summary>
internal static class RouteErrors
{
    public static bool Applies(HttpResponse response) =>
        !response.HasStarted && response.StatusCode is >= 400 and < 600 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    public static Task WriteAsync(HttpContext context)
    {
        var path = Telemetry.LogText.Safe(context.Request.Path.Value, 200);
        return context.Response.StatusCode switch
        {
            404 => OpenAIError.WriteAsync(context, 404, $"Unknown request URL: {context.Request.Method} {path}.", ErrorTypes.InvalidRequest, "unknown_url"),
            405 => OpenAIError.WriteAsync(context, 405, $"Method {context.Request.Method} is not allowed on {path}.", ErrorTypes.InvalidRequest, "method_not_allowed"),
            _ => OpenAIError.WriteAsync(context, context.Response.StatusCode, "The request could not be served.", ErrorTypes.InvalidRequest, null),
        };
    }
}
