using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>Requests to the Gemini surface and reading its answers.</summary>
internal static class GeminiHttp
{
    public const string Hello = """{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}""";

    public static HttpRequestMessage Post(string model, string method, string json = Hello, string? googKey = "client-secret", string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1beta/models/{model}:{method}{query}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (googKey is not null)
        {
            request.Headers.Add("x-goog-api-key", googKey);
        }

        return request;
    }

    /// <summary>The elements of an SSE answer (<c>?alt=sse</c>).</summary>
    public static List<JsonElement> SseElements(string body) =>
        [.. body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim()).Where(e => e.StartsWith("data:", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e[5..].Trim()).RootElement.Clone())];

    /// <summary>The text of every text part that is not a thought, joined.</summary>
    public static string Text(IEnumerable<JsonElement> elements) =>
        string.Concat(elements.SelectMany(e => e.TryGetProperty("candidates", out var c) ? c.EnumerateArray() : default)
            .SelectMany(c => c.GetProperty("content").GetProperty("parts").EnumerateArray())
            .Where(p => p.TryGetProperty("text", out _) && !p.TryGetProperty("thought", out _))
            .Select(p => p.GetProperty("text").GetString()));

    /// <summary>Asserts Google's error shape for <paramref name="status"/> and returns the error object.</summary>
    public static JsonElement AssertError(string body, int status, string statusName)
    {
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.Equal(statusName, error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
