using System.Net.Http.Headers;
using System.Text;

namespace Gateway.IntegrationTests.Caching;

/// <summary>The requests the cache tests send: chat with a given body tail, and the cache headers.</summary>
internal static class CacheRequests
{
    public const string Deterministic = "\"temperature\":0";

    public static HttpRequestMessage Chat(string extra = Deterministic, bool stream = false, string bearer = "client-secret", string content = "Hi", string? cache = null, string? cacheControl = null)
    {
        var json = $$"""{"model":"smart","messages":[{"role":"user","content":"{{content}}"}],"stream":{{(stream ? "true" : "false")}}{{(extra.Length > 0 ? "," + extra : "")}}}""";
        return With(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") }, bearer, cache, cacheControl);
    }

    public static HttpRequestMessage Embeddings(string bearer = "client-secret") =>
        With(new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings") { Content = new StringContent("""{"model":"smart","input":"hello"}""", Encoding.UTF8, "application/json") }, bearer, null, null);

    private static HttpRequestMessage With(HttpRequestMessage request, string bearer, string? cache, string? cacheControl)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (cache is not null)
        {
            request.Headers.Add("x-gateway-cache", cache);
        }

        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        return request;
    }
}
