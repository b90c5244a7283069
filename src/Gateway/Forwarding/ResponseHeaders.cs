using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>
/// Copies the few upstream response headers a client may see; everything else stays at the gateway.
/// <list type="bullet">
/// <item><c>Content-Type</c>; <c>Content-Length</c> and <c>Content-Encoding</c> only when the caller passes the body
/// byte for byte (<c>keepContentLength</c>): both describe those exact bytes. The gateway never asks for compression
/// (no <c>Accept-Encoding</c>, no decompression), so a provider that compresses anyway is passed through intact
/// rather than turned into garbage; a rewritten or translated body drops the header with the length.</item>
/// <item><c>Cache-Control</c>; <c>Retry-After</c> and <c>retry-after-ms</c> (the client's own back-off).</item>
/// <item><c>openai-processing-ms</c> and <c>openai-version</c>: what the SDKs read, nothing about the account.</item>
/// </list>
/// Left out on purpose: <c>Set-Cookie</c>, <c>Location</c> and other redirects, <c>openai-organization</c> and
/// <c>anthropic-*</c> (they name the provider account), <c>x-ratelimit-*</c> (the provider account's limits, not the
/// client's), <c>x-request-id</c> (the gateway's own), hop-by-hop and server headers, and anything unknown.
/// A value outside visible ASCII, space and tab drops its header: Kestrel would throw on it after the upstream was paid.
/// </summary>
internal static class ResponseHeaders
{
    private static readonly FrozenSet<string> Allowed = new[]
    {
        "Cache-Control", "Retry-After", "retry-after-ms", "openai-processing-ms", "openai-version",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> AllowedContent = new[] { "Content-Type" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> ByteForByteContent = new[] { "Content-Type", "Content-Length", "Content-Encoding" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Copy(HttpResponseMessage from, HttpResponse to, bool keepContentLength)
    {
        foreach (var header in from.Headers.NonValidated)
        {
            if (Allowed.Contains(header.Key))
            {
                CopyIfSafe(header.Key, header.Value, to);
            }
        }

        var content = keepContentLength ? ByteForByteContent : AllowedContent;
        foreach (var header in from.Content.Headers.NonValidated)
        {
            if (content.Contains(header.Key))
            {
                CopyIfSafe(header.Key, header.Value, to);
            }
        }
    }

    /// <summary>Whether Kestrel will send <paramref name="value"/> as a header value: visible ASCII, space and tab only.</summary>
    public static bool IsSafeValue(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }

    private static void CopyIfSafe(string name, System.Net.Http.Headers.HeaderStringValues values, HttpResponse to)
    {
        if (values.Count == 1)
        {
            // The usual case (Content-Type): the one value as it is, without an array around it.
            var value = values.ToString();
            if (IsSafeValue(value))
            {
                to.Headers[name] = value;
            }

            return;
        }

        var copied = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            if (!IsSafeValue(value))
            {
                return;
            }

            copied[i++] = value;
        }

        to.Headers[name] = copied;
    }
}
