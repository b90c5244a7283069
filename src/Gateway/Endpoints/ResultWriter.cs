using Gateway.Contracts;
using Gateway.Operations;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// Writes what the layers below answered (routing, the candidate filters, admission, an operation's hook) as HTTP, in
/// the shape of the endpoint's surface: OpenAI's error body by default, Anthropic's or Google's where the endpoint says
/// so (<see cref="IErrorShape"/> metadata; see docs/errors.md). The only writer of those answers: nothing below
/// Endpoints writes a response of its own.
/// </summary>
internal static class ResultWriter
{
    /// <summary>A refusal: its headers, <c>Retry-After</c> and <c>x-gateway-provider</c>, then the error body.</summary>
    public static Task WriteAsync(HttpContext context, Refusal refusal)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        Add(context.Response.Headers, refusal.Headers);
        if (refusal.Providers is { } providers)
        {
            context.Response.Headers["x-gateway-provider"] = providers;
        }

        return OpenAIError.WriteAsync(context, refusal.Status, refusal.Message, refusal.Type, refusal.Code, refusal.RetryAfter);
    }

    /// <summary>The gateway's own answer: a JSON body with its headers, or its refusal; nothing when the client left.</summary>
    public static Task WriteAsync(HttpContext context, LocalAnswer answer)
    {
        if (answer.Refusal is { } refusal)
        {
            return WriteAsync(context, refusal);
        }

        if (answer.Json is not { } json)
        {
            return Task.CompletedTask;
        }

        Add(context.Response.Headers, answer.Headers);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Headers every answer to the request carries, from now on.</summary>
    public static void Add(IHeaderDictionary headers, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        foreach (var (name, value) in values)
        {
            headers[name] = value;
        }
    }

    /// <summary>Headers an admitted request's response carries, whoever writes it: set when it starts.</summary>
    public static void OnStarting(HttpContext context, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        context.Response.OnStarting(static state =>
        {
            var (response, values) = ((HttpResponse, IReadOnlyList<KeyValuePair<string, string>>))state;
            Add(response.Headers, values);
            return Task.CompletedTask;
        }, (context.Response, values));
    }
}
