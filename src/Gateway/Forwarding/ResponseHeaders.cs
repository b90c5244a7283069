using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>Copies an upstream response's headers to the client, minus hop-by-hop headers and those the gateway owns.</summary>
internal static class ResponseHeaders
{
    private static readonly FrozenSet<string> Skipped = new[]
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Proxy-Authenticate", "TE", "Trailer",
        "Set-Cookie", "Server", "Date", "Alt-Svc", "Strict-Transport-Security", "x-request-id",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Copy(HttpResponseMessage from, HttpResponse to, bool keepContentLength)
    {
        foreach (var header in from.Headers)
        {
            if (!Skipped.Contains(header.Key))
            {
                to.Headers[header.Key] = header.Value.ToArray();
            }
        }

        foreach (var header in from.Content.Headers)
        {
            if (keepContentLength || !header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to.Headers[header.Key] = header.Value.ToArray();
            }
        }
    }
}
