using System.Net;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests;

/// <summary>Every bad input gets its status and an OpenAI-style error body, never a 500 or a stack trace.</summary>
public sealed class ErrorResponseTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = "4096" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Code, string Message)> PostAsync(string path, string body, string contentType = "application/json", string? provider = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (provider is not null)
        {
            request.Headers.Add("X-Gateway-Provider", provider);
        }

        var (response, text) = await _gateway.Client.ExchangeAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var error = Http.AssertOpenAIError(text);
        return (response.StatusCode, error.GetProperty("code").GetString() ?? "", error.GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData("{\"model\":\"smart\",\"messages\":[", 400, "invalid_request")]
    [InlineData("not json at all", 400, "invalid_request")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 400, "invalid_request")]
    [InlineData("{\"model\":\"smart\",\"messages\":{\"role\":\"user\"}}", 400, "invalid_request")]
    [InlineData("{\"model\":\"smart\"}", 400, "invalid_request")]
    [InlineData("{\"model\":\"nobody/x\",\"messages\":[]}", 200, "")]
    public async Task ChatCompletions_BadBody_Is400(string body, int status, string code)
    {
        if (status == 200)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.PostAsync("/v1/chat/completions", content)).StatusCode);
            return;
        }

        var result = await PostAsync("/v1/chat/completions", body);
        Assert.Equal(((HttpStatusCode)status, code), (result.Status, result.Code));
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task UnknownPinnedProvider_Is404()
    {
        var result = await PostAsync("/v1/chat/completions", "{\"model\":\"smart\",\"messages\":[]}", provider: "nowhere");
        Assert.Equal((HttpStatusCode.NotFound, "provider_not_found"), (result.Status, result.Code));
        Assert.Contains("nowhere", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_Is405_UnknownPath_Is404()
    {
        var (get, getBody) = await _gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/chat/completions"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("method_not_allowed", Http.AssertOpenAIError(getBody).GetProperty("code").GetString());

        var (missing, missingBody) = await _gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/completions-nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("unknown_url", Http.AssertOpenAIError(missingBody).GetProperty("code").GetString());
    }

    [Fact]
    public async Task BodyOverTheCap_Is413_WithContentLengthOrChunked()
    {
        var big = "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 5000) + "\"}]}";
        var result = await PostAsync("/v1/chat/completions", big);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "request_too_large"), (result.Status, result.Code));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        var (chunked, body) = await _gateway.Client.ExchangeAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal("request_too_large", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task NonJsonContentType_Is415(string contentType)
    {
        var result = await PostAsync("/v1/chat/completions", "{\"model\":\"smart\",\"messages\":[]}", contentType);
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"), (result.Status, result.Code));
    }

    [Fact]
    public async Task Embeddings_WithoutInput_Is400()
    {
        var result = await PostAsync("/v1/embeddings", "{\"model\":\"text-embedding-3-small\"}");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (result.Status, result.Code));
    }

    [Fact]
    public async Task NoProvidersAtAll_GatewayStarts_And503s()
    {
        await using var empty = await GatewayHost.StartAsync(new Dictionary<string, string?>());

        var (response, body) = await empty.Client.ExchangeAsync(Http.Chat());
        var (ready, readyBody) = await empty.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("No available AI providers", Http.AssertOpenAIError(body).GetProperty("message").GetString());
        Assert.Contains(empty.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("No AI providers", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"degraded\"", readyBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_And_Readyz_Answer()
    {
        var (live, liveBody) = await _gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/healthz"));
        var (ready, readyBody) = await _gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));

        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"ok\"}"), (live.StatusCode, liveBody));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"ready\"", readyBody, StringComparison.Ordinal);
    }
}
