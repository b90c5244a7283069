using Gateway.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Hosting;

/// <summary>
/// Takes a Google client's <c>key</c> query parameter out of the query string and raw target of a request to Google's
/// paths (<c>/v1beta/...</c>, <c>/v1/models...</c>) and
/// keeps it as the request's <see cref="QueryKey"/> feature. Runs before the host creates the request's context (see
/// <see cref="QueryKeyServer"/>): the host's request log, its activity, traces and the access log never see the key.
/// </summary>
internal static class QueryKeyStripper
{
    public static void Strip(IFeatureCollection features)
    {
        var request = features.Get<IHttpRequestFeature>();
        if (request is null || request.QueryString.Length < 5
            || !(request.Path.StartsWith("/v1beta/", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWith("/v1/models", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var query = request.QueryString;
        if (!query.Contains("key=", StringComparison.Ordinal))
        {
            return;
        }

        string? key = null;
        var kept = new List<string>();
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("key=", StringComparison.Ordinal))
            {
                key ??= Uri.UnescapeDataString(pair[4..].Replace('+', ' '));
            }
            else if (pair.Length > 0)
            {
                kept.Add(pair);
            }
        }

        if (key is null)
        {
            return;
        }

        var stripped = kept.Count > 0 ? "?" + string.Join('&', kept) : "";
        request.QueryString = stripped;
        var question = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            request.RawTarget = request.RawTarget[..question] + stripped;
        }

        if (key.Length > 0)
        {
            features.Set(new QueryKey(key));
        }
    }
}
