using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Small helpers for raw HTTP calls to the gateway.</summary>
internal static class Http
{
    public static HttpRequestMessage Chat(string model = "smart", bool stream = false, string? provider = null, string? bearer = "client-secret")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(
                $$"""{"model":{{JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":"Hi"}],"stream":{{(stream ? "true" : "false")}}}""",
                Encoding.UTF8, "application/json"),
        };
        if (provider is not null)
        {
            request.Headers.Add("X-Gateway-Provider", provider);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, string Body)> ExchangeAsync(this HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : "";

    /// <summary>Asserts an OpenAI-shaped error body and returns its error object.</summary>
    public static JsonElement AssertOpenAIError(string body)
    {
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("code", out _));
        return error.Clone();
    }
}
