using System.Text.Json;
using Gateway.Configuration;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Caching;

/// <summary>
/// Who the cache is on for and which requests it takes: on for every caller (<see cref="CacheOptions.Enabled"/>), the
/// listed owners and key ids, or a request that says <c>x-gateway-cache: on</c>; bypassed by <c>x-gateway-cache: off</c>
/// or <c>Cache-Control: no-cache</c> / <c>no-store</c>. It keeps chat completions, completions and embeddings (JSON
/// bodies the client's own protocol answers); of those it skips sampling requests (a temperature that is not 0, or not
/// given: providers default to 1; <c>n</c> above 1) unless the request said <c>on</c>. Embeddings never sample.
/// </summary>
internal sealed class CachePolicy(CacheOptions options)
{
    public const string Header = "x-gateway-cache";

    private readonly HashSet<string> _owners = new(options.Owners, StringComparer.Ordinal);
    private readonly HashSet<string> _keys = new(options.Keys, StringComparer.OrdinalIgnoreCase);

    /// <summary>The request's <c>x-gateway-cache</c>: true (on), false (off), null (not sent); <paramref name="valid"/> false for any other value.</summary>
    public static bool? Asked(HttpRequest request, out bool valid)
    {
        var value = request.Headers[Header].ToString().Trim();
        valid = true;
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        valid = value.Equals("off", StringComparison.OrdinalIgnoreCase);
        return false;
    }

    public bool OptedIn(string? keyId, string? owner) =>
        options.Enabled || (owner is not null && _owners.Contains(owner)) || (keyId is not null && _keys.Contains(keyId));

    public static bool Bypassed(HttpRequest request)
    {
        var control = request.Headers.CacheControl.ToString();
        return control.Contains("no-cache", StringComparison.OrdinalIgnoreCase) || control.Contains("no-store", StringComparison.OrdinalIgnoreCase);
    }

    public static bool Keeps(UpstreamOperation kind) => kind is UpstreamOperation.ChatCompletions or UpstreamOperation.Completions or UpstreamOperation.Embeddings;

    /// <summary>Whether the body asks for a sampled answer (one that may differ each time).</summary>
    public static bool Samples(UpstreamOperation kind, JsonElement body)
    {
        if (kind == UpstreamOperation.Embeddings || body.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var greedy = body.TryGetProperty("temperature", out var temperature) && temperature.ValueKind == JsonValueKind.Number
            && temperature.TryGetDouble(out var t) && t == 0;
        var many = body.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number && (!n.TryGetInt64(out var count) || count > 1);
        return !greedy || many;
    }

    /// <summary>The scope entries are kept in: the owner's; a key without an owner is its own; an open gateway (no client keys) one of its own.</summary>
    public static string Scope(string? keyId, string? owner) =>
        owner is not null ? "owner:" + owner : keyId is { Length: > 0 } ? "key:" + keyId : "open";
}
