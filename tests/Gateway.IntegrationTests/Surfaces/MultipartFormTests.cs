using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// <c>/v1/audio/transcriptions</c> and <c>/v1/audio/translations</c>: multipart bodies forwarded byte for byte except
/// the <c>model</c> field's value, rewritten for tiers, aliases and pins exactly as JSON bodies are; failover; and
/// routing that leaves out protocols without audio.
/// </summary>
public sealed class MultipartFormTests : IAsyncLifetime
{
    private const string Boundary = "----gateway-test-7MA4YWxkTrZu0gW";

    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    public static TheoryData<string> FormPaths => SurfaceRequests.FormPaths;

    private Task<GatewayHost> StartGatewayAsync(params (string, string)[] extra) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), .. extra]),
            new Dictionary<string, string?> { ["Gateway:Aliases:listen"] = "fast" });

    private static byte[] Body(string model, byte[] audio) => SurfaceRequests.Form(Boundary,
        SurfaceRequests.Field("language", "en"), SurfaceRequests.Field("model", model), SurfaceRequests.File(audio), SurfaceRequests.Field("response_format", "json"));

    [Theory]
    [InlineData("/v1/audio/transcriptions", "smart", "a-smart")]
    [InlineData("/v1/audio/translations", "smart", "a-smart")]
    [InlineData("/v1/audio/transcriptions", "listen", "a-fast")]
    [InlineData("/v1/audio/transcriptions", "a/whisper-1", "whisper-1")]
    public async Task Model_IsRewrittenInPlace_AndEveryOtherByteIsTheClients(string path, string model, string upstreamModel)
    {
        var audio = SurfaceRequests.Audio();
        await using var gateway = await StartGatewayAsync(("AI_B_ENABLED", "false"));

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest(path, Body(model, audio), "multipart/form-data; boundary=" + Boundary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FakeUpstreamServer.Transcript("a", upstreamModel, audio), JsonDocument.Parse(text).RootElement.GetProperty("text").GetString());
        var received = _upstreams["a"].Received.Single();
        Assert.Equal(Encoding.Latin1.GetString(Body(upstreamModel, audio)), received.Body);
        Assert.Equal((path, upstreamModel, "Bearer key-a"), (received.Path, received.Model, received.Headers["Authorization"]));
        Assert.Equal("multipart/form-data; boundary=" + Boundary, received.Headers["Content-Type"]);
        Assert.Equal(("a", upstreamModel), (response.Header("x-gateway-provider"), response.Header("x-gateway-model")));
    }

    [Fact]
    public async Task UnlistedModel_PassesThrough_TheBodyUnchanged()
    {
        var audio = SurfaceRequests.Audio(3000);
        await using var gateway = await StartGatewayAsync(("AI_B_ENABLED", "false"));

        var response = await gateway.Client.SendAsync(SurfaceRequests.FormRequest("/v1/audio/transcriptions", Body("whisper-1", audio), "multipart/form-data; boundary=" + Boundary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.Latin1.GetString(Body("whisper-1", audio)), _upstreams["a"].Received.Single().Body);
    }

    [Fact]
    public async Task QuotedBoundary_IsSentUpstreamAsTheBodyUsesIt()
    {
        const string boundary = "odd boundary:(x)";
        var audio = SurfaceRequests.Audio(2000);
        await using var gateway = await StartGatewayAsync(("AI_B_ENABLED", "false"));
        var body = SurfaceRequests.Form(boundary, SurfaceRequests.Field("model", "smart"), SurfaceRequests.File(audio));

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest("/v1/audio/transcriptions", body, $"multipart/form-data; boundary=\"{boundary}\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FakeUpstreamServer.Transcript("a", "a-smart", audio), JsonDocument.Parse(text).RootElement.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("/v1/audio/transcriptions", "500")]
    [InlineData("/v1/audio/translations", "500")]
    [InlineData("/v1/audio/transcriptions", "429")]
    [InlineData("/v1/audio/translations", "connect")]
    public async Task FailureOnTheFirstProvider_TheSecondGetsTheSameFormWithItsModel(string path, string fault)
    {
        var audio = SurfaceRequests.Audio();
        if (fault != "connect")
        {
            _upstreams["a"].Script(FakeResponse.WithStatus(fault == "429" ? 429 : 500, fault == "429" ? "1" : null));
        }

        await using var gateway = fault == "connect" ? await StartGatewayAsync(("AI_A_URL", Upstreams.ClosedPortUrl())) : await StartGatewayAsync();

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest(path, Body("smart", audio), "multipart/form-data; boundary=" + Boundary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "b-smart", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model"), response.Header("x-gateway-attempts")));
        Assert.Equal(FakeUpstreamServer.Transcript("b", "b-smart", audio), JsonDocument.Parse(text).RootElement.GetProperty("text").GetString());
        Assert.Equal(Encoding.Latin1.GetString(Body("b-smart", audio)), _upstreams["b"].Received.Single().Body);
    }

    [Theory]
    [MemberData(nameof(FormPaths))]
    public async Task AnthropicOnly_Is400UnsupportedByProvider_NamingIt(string path)
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_ANTHROPIC_URL"] = _upstreams["a"].Root,
            ["AI_ANTHROPIC_KEY"] = "sk-ant",
            ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
        });

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest(path, Body("smart", SurfaceRequests.Audio(100)), "multipart/form-data; boundary=" + Boundary));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Http.AssertOpenAIError(text);
        Assert.Equal("unsupported_by_provider", error.GetProperty("code").GetString());
        Assert.Contains("anthropic", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("anthropic", response.Header("x-gateway-provider"));
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task TextResponseFormat_PassesThroughAsText()
    {
        var audio = SurfaceRequests.Audio(500);
        await using var gateway = await StartGatewayAsync(("AI_B_ENABLED", "false"));
        var body = SurfaceRequests.Form(Boundary, SurfaceRequests.Field("model", "smart"), SurfaceRequests.File(audio), SurfaceRequests.Field("response_format", "text"));

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest("/v1/audio/transcriptions", body, "multipart/form-data; boundary=" + Boundary));

        Assert.Equal(("text/plain", FakeUpstreamServer.Transcript("a", "a-smart", audio)), (response.ContentType()?.MediaType, text));
    }
}
