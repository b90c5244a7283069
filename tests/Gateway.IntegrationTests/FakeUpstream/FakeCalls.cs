using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>Raw calls to a fake upstream, and its answers read as JSON or as server-sent events.</summary>
internal static class FakeCalls
{
    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<(HttpResponseMessage Response, string Body)> PostAsync(string url, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpMethod method, string url)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(method, url));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POSTs and parses the JSON answer (asserting 200).</summary>
    public static async Task<JsonElement> JsonAsync(string url, string json, params (string Name, string Value)[] headers)
    {
        var (response, body) = await PostAsync(url, json, headers);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs and splits the SSE answer into events (asserting 200 and text/event-stream).</summary>
    public static async Task<List<SseEvent>> StreamAsync(string url, string json, params (string Name, string Value)[] headers)
    {
        var (response, body) = await PostAsync(url, json, headers);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(new MediaTypeHeaderValue("text/event-stream"), response.Content.Headers.ContentType);
        return SseEvent.Parse(body);
    }
}
