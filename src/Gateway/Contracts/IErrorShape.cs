using Microsoft.AspNetCore.Http;

namespace Gateway.Contracts;

/// <summary>
/// Endpoint metadata of a surface whose errors are not OpenAI's (Anthropic's <c>/v1/messages</c>): every error the
/// gateway itself writes on such an endpoint (authentication, validation, routing, failover) takes its shape.
/// </summary>
internal interface IErrorShape
{
    /// <summary>Writes the error; <paramref name="type"/> and <paramref name="code"/> are the OpenAI ones, for shapes that keep them.</summary>
    Task WriteAsync(HttpContext context, int status, string message, string type, string? code);
}
