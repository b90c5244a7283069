using System.Net;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Models;

namespace Gateway.IntegrationTests.Security;

/// <summary>Whatever a client sends, the answer is a 4xx in OpenAI's shape before any provider is paid, never a 500.</summary>
public sealed class InputValidationTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private FakeUpstreamServer _claude = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _claude = await FakeUpstreamServer.StartAsync("claude");
        _gateway = await GatewayHost.StartAsync(_upstreams.Environment(
            ("AI_ANTHROPIC_URL", _claude.Root), ("AI_ANTHROPIC_KEY", "sk-ant"), ("AI_ANTHROPIC_SMART", "claude-sonnet-4")));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _claude.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    [Theory]
    [InlineData("\"a\\nb\"")]
    [InlineData("\"a\\r\\nx-injected: 1\"")]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("\"caf\\u00e9\"")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"with space\"")]
    public async Task BadModelNames_Are400_BeforeAnyProviderIsCalled(string model)
    {
        var (response, body) = await PostAsync($$"""{"model":{{model}},"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("model", Http.AssertOpenAIError(body).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["a"].RequestCount + _claude.RequestCount);
    }

    [Fact]
    public async Task HugeModelName_Is400_AndNoHeaderCarriesIt()
    {
        var (response, body) = await PostAsync($$"""{"model":"{{new string('m', 200_000)}}","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("256", Http.AssertOpenAIError(body).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(response.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v.Length)) < 4096);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public async Task InvalidUtf8InsideAMessage_Is400_AndIsNotForwarded(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"smart","messages":[{"role":"user","content":"Hi """).Concat(bad).Concat(Encoding.UTF8.GetBytes("\"}]}")).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var response = await _gateway.Client.PostAsync("/v1/chat/completions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", Http.AssertOpenAIError(await response.Content.ReadAsStringAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["a"].RequestCount + _claude.RequestCount);
    }

    [Theory]
    [InlineData("anthropic", "\"temperature\":1e999")]
    [InlineData("anthropic", "\"top_p\":-1e999")]
    [InlineData("a", "\"temperature\":1e999")]
    [InlineData("a", "\"logit_bias\":{\"1\":-1e400}")]
    public async Task NonFiniteNumbers_Are400_NamingTheParameter(string provider, string field)
    {
        var (response, body) = await PostAsync($$"""{"model":"smart","messages":[{"role":"user","content":"Hi"}],{{field}}}""", provider);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field.Split('"')[1], Http.AssertOpenAIError(body).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["a"].RequestCount + _claude.RequestCount);
    }

    [Fact]
    public async Task NullImageUrl_ForAnthropic_Is400NamingTheParameter()
    {
        var (response, body) = await PostAsync("""{"model":"smart","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":null}}]}]}""", "anthropic");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Http.AssertOpenAIError(body);
        Assert.Equal("unsupported_by_provider", error.GetProperty("code").GetString());
        Assert.Contains("image_url.url", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("anthropic", response.Header("x-gateway-provider"));
    }

    [Fact]
    public async Task ModelsRetrieve_WithTheOfficialClient_FindsListedModels_And404sOthers()
    {
        var client = new OpenAIModelClient(new System.ClientModel.ApiKeyCredential("any"), new OpenAIClientOptions { Endpoint = new Uri(_gateway.Root + "/v1") });

        var smart = await client.GetModelAsync("smart");
        var pinned = await client.GetModelAsync("claude-sonnet-4");
        var (missing, body) = await _gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/models/no-such-model"));

        Assert.Equal(("smart", "claude-sonnet-4"), (smart.Value.Id, pinned.Value.Id));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("model_not_found", Http.AssertOpenAIError(body).GetProperty("code").GetString());
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string json, string? provider = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (provider is not null)
        {
            request.Headers.Add("X-Gateway-Provider", provider);
        }

        return await _gateway.Client.ExchangeAsync(request);
    }
}
