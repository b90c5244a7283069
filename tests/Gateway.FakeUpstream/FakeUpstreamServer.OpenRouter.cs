using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.FakeUpstream;

/// <summary>
/// OpenRouter's PKCE key endpoint, <c>POST /api/v1/auth/keys</c>: a code issued by the test (with the S256 challenge
/// the gateway sent to the authorization page) is exchanged once, for a key, when base64url(SHA-256(code_verifier))
/// matches that challenge. Anything else is a 403, as OpenRouter answers. <c>GET /auth</c> stands in for the
/// authorization page: it issues a code for the challenge and links back to the callback, as the user's "Authorize"
/// click does on OpenRouter (a navigation that starts on OpenRouter's site).
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private readonly ConcurrentDictionary<string, (string Challenge, string Key, string UserId)> _openRouterCodes = new(StringComparer.Ordinal);
    private int _openRouterExchanges;

    /// <summary>Key exchanges answered (successful or not).</summary>
    public int OpenRouterExchanges => Volatile.Read(ref _openRouterExchanges);

    /// <summary>Issues an authorization code for <paramref name="codeChallenge"/>, as OpenRouter's page does after the user agrees.</summary>
    public string IssueOpenRouterCode(string codeChallenge, string key = "sk-or-v1-fake-openrouter-key-0001", string userId = "or-user-123")
    {
        var code = "code-" + Guid.NewGuid().ToString("N");
        _openRouterCodes[code] = (codeChallenge, key, userId);
        return code;
    }

    private async Task OpenRouterAuthorizePageAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var callback = query["callback_url"].ToString();
        var challenge = query["code_challenge"].ToString();
        if (!Uri.TryCreate(callback, UriKind.Absolute, out _) || challenge.Length == 0 || query["code_challenge_method"] != "S256")
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("callback_url, code_challenge and code_challenge_method=S256 are required", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var back = callback + (callback.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(IssueOpenRouterCode(challenge));
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"<!doctype html><title>Authorize</title><p><a id=\"authorize\" href=\"{System.Net.WebUtility.HtmlEncode(back)}\">Authorize</a></p>", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task OpenRouterKeysAsync(HttpContext context)
    {
        Interlocked.Increment(ref _openRouterExchanges);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        string? code = null, verifier = null, method = null;
        try
        {
            using var body = JsonDocument.Parse(text);
            code = body.RootElement.GetProperty("code").GetString();
            verifier = body.RootElement.GetProperty("code_verifier").GetString();
            method = body.RootElement.TryGetProperty("code_challenge_method", out var m) ? m.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }

        if (code is null || verifier is null || method != "S256" || !_openRouterCodes.TryRemove(code, out var issued)
            || issued.Challenge != Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_'))
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"code":403,"message":"Invalid code or code_verifier"}}""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"key":"{{issued.Key}}","user_id":"{{issued.UserId}}"}""", context.RequestAborted).ConfigureAwait(false);
    }
}
