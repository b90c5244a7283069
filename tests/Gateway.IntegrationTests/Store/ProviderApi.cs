using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.Store;

/// <summary>Calls of the provider APIs with a bearer key, answering the status and the parsed body.</summary>
internal static class ProviderApi
{
    public static async Task<(int Status, JsonElement Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A chat request for <paramref name="model"/> with <paramref name="key"/>: the status and the provider that served it.</summary>
    public static async Task<(int Status, string Provider, string Body)> ChatAsync(this HttpClient client, string key, string model = "smart", string? pinned = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (pinned is not null)
        {
            request.Headers.Add("X-Gateway-Provider", pinned);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Headers.TryGetValues("x-gateway-provider", out var v) ? string.Join(",", v) : "", await response.Content.ReadAsStringAsync());
    }
}
