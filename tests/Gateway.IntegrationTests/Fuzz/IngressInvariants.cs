using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// What must hold for every exchange, whatever was sent: no 5xx (with failing upstreams only 502 or 503, with an
/// error body), no 2xx on a keyed path without its key, an OpenAI error body on every error the application
/// answered, and response headers under 8 KiB.
/// </summary>
internal static class IngressInvariants
{
    public const int MaxHeaderBytes = 8 * 1024;

    /// <summary>Each property the exchange breaks, in words; empty when it keeps them all.</summary>
    public static List<string> Violations(FuzzRequest request, RawResponse response, bool upstreamsFailing)
    {
        var violations = new List<string>();
        var status = response.Status;
        if (status == 0)
        {
            violations.Add($"the connection closed without a response (request {(response.WriteFailed ? "not fully written" : "fully written")})");
            return violations;
        }

        if (status >= 500 && !(upstreamsFailing && status is 502 or 503) && !IsRelayedUpstreamFailure(response))
        {
            violations.Add($"server error {status}" + (upstreamsFailing ? " (only 502 or 503 are expected when upstreams fail)" : " (the upstreams are healthy)"));
        }

        if (status is >= 200 and < 300 && request.Kind == PathKind.V1 && !request.ValidClientKey)
        {
            violations.Add($"{status} on a /v1 path without a valid client key: authentication bypassed");
        }

        if (status is >= 200 and < 300 && request.Kind == PathKind.Admin && !request.ValidAdminKey)
        {
            violations.Add($"{status} on an admin path without the admin key: authentication bypassed");
        }

        // x-request-id is set first thing by the gateway's middleware: without it Kestrel refused the request on
        // its own (malformed header or target), before any gateway code ran, and writes no body.
        var answeredByGateway = response.HasHeader("x-request-id");
        if (status >= 300 && (answeredByGateway || status >= 500) && !IsOpenAIError(response, request.Method == "HEAD")
            && !(IsGeminiPath(request.Target) && IsGoogleError(response, request.Method == "HEAD")))
        {
            violations.Add($"{status} without an OpenAI error body (content-type '{response.Header("Content-Type")}')");
        }

        if (response.HeaderBytes > MaxHeaderBytes)
        {
            violations.Add($"response headers are {response.HeaderBytes} bytes (limit {MaxHeaderBytes})");
        }

        return violations;
    }

    /// <summary>
    /// A 502 <c>upstream_failed</c>: the gateway reporting, in its own error, that the upstream answered 5xx. The
    /// fakes do that to a few bodies the gateway rightly passes on (the Anthropic fake to an empty message list).
    /// </summary>
    private static bool IsRelayedUpstreamFailure(RawResponse response) =>
        response.Status == 502 && IsOpenAIError(response, head: false) && response.Text.Contains("\"code\":\"upstream_failed\"", StringComparison.Ordinal);

    /// <summary>
    /// Google's Gemini surface (<c>/v1beta/...</c>, and the Gen AI SDK's methods under <c>/v1/models/...</c>) answers in
    /// Google's error shape; any spelling the server folds to those paths (case, escapes) is taken as one.
    /// </summary>
    private static bool IsGeminiPath(string target)
    {
        var path = Uri.UnescapeDataString(target.Split('?')[0]).ToLowerInvariant();
        return path.Contains("/v1beta", StringComparison.Ordinal) || path.Contains("/v1/models", StringComparison.Ordinal);
    }

    /// <summary>application/json and Google's <c>{"error":{"code":number,"message":string,"status":string}}</c>.</summary>
    private static bool IsGoogleError(RawResponse response, bool head)
    {
        if (!response.Header("Content-Type").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (head)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && error.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>application/json and <c>{"error":{"message":string,"type":string,...}}</c> (a HEAD answer has no body to check).</summary>
    public static bool IsOpenAIError(RawResponse response, bool head)
    {
        if (!response.Header("Content-Type").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (head)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
