using Microsoft.AspNetCore.Http;

namespace Gateway.Hosting;

/// <summary>
/// Gives every request an id: the client's <c>x-request-id</c> when it is short and plain, else a new one.
/// It becomes <see cref="HttpContext.TraceIdentifier"/>, the response's <c>x-request-id</c> and the upstream's.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    private const string Header = "x-request-id";

    public Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        var id = IsPlain(given) ? given : Contracts.RandomIds.New("req_");
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        return next(context);
    }

    private static bool IsPlain(string id)
    {
        if (id.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
