using System.Net.Http.Headers;
using System.Text;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>The admin key API and the /v1 calls the key tests make.</summary>
internal static class KeyApi
{
    public static Task<(int Status, System.Text.Json.JsonElement Body)> AdminAsync(this HttpClient client, HttpMethod method, string path, string? json = null) =>
        client.SendAsync(method, path, StoreBackend.AdminKey, json);

    /// <summary>Creates a key for <paramref name="owner"/>: its id and its text.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(this HttpClient client, string owner = "carol", string extra = "")
    {
        var (status, body) = await client.AdminAsync(HttpMethod.Post, "/admin/keys", $$"""{"owner":"{{owner}}","label":"test"{{extra}}}""");
        Assert.Equal(201, status);
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>A chat request with no key at all.</summary>
    public static async Task<int> AnonymousChatAsync(this HttpClient client)
    {
        using var content = new StringContent("""{"model":"smart","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/v1/chat/completions", content);
        return (int)response.StatusCode;
    }

    /// <summary>An Anthropic Messages request: the status and the body.</summary>
    public static async Task<(int Status, string Body)> MessagesAsync(this HttpClient client, string key, string model)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent($$"""{"model":"{{model}}","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
