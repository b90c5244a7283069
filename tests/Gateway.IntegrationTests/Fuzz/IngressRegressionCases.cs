using System.Text;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// The smallest request for each distinct failure the ingress fuzz tests found, replayed over a raw socket.
/// Each case states what a fixed gateway answers; until the fix lands the case fails.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class IngressRegressionCases(FuzzGatewayFixture fixture) : IClassFixture<FuzzGatewayFixture>
{
    private const string Hi = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    /// <summary>Routing ignores case and Kestrel decodes %56%31 to V1, but the client-key check compared '/v1' case-sensitively.</summary>
    [Theory]
    [InlineData("GET", "/V1/models")]
    [InlineData("GET", "/%56%31/models")]
    [InlineData("GET", "/admin/../V1/models")]
    [InlineData("POST", "/V1/chat/completions")]
    [InlineData("POST", "/V%31/embeddings")]
    public async Task V1PathInAnotherCase_WithoutClientKey_Is401(string method, string target)
    {
        var body = target.Contains("embeddings", StringComparison.Ordinal) ? "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}" : "{\"model\":\"fast\"," + Hi + "}";
        var response = await SendAsync(method, target, Encoding.UTF8.GetBytes(body), authorization: null);

        Assert.Equal(401, response.Status);
        Assert.True(IngressInvariants.IsOpenAIError(response, head: false), response.Text);
    }

    /// <summary>An escaped lone surrogate in the model threw InvalidOperationException from Utf8JsonReader.GetString: 500.</summary>
    [Theory]
    [InlineData("/v1/chat/completions", "{\"model\":\"\\ud800\"," + Hi + "}")]
    [InlineData("/v1/chat/completions", "{\"model\":\"\\udc00smart\"," + Hi + "}")]
    [InlineData("/v1/embeddings", "{\"model\":\"smart\\ud800\",\"input\":\"x\"}")]
    public async Task ModelWithLoneSurrogateEscape_Is400(string target, string body)
    {
        var response = await SendAsync("POST", target, Encoding.UTF8.GetBytes(body));

        AssertInvalidRequest(response);
    }

    /// <summary>Invalid UTF-8 inside the model string threw InvalidOperationException ("Cannot transcode invalid UTF-8"): 500.</summary>
    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public async Task ModelWithInvalidUtf8_Is400(byte[] invalid)
    {
        byte[] body = [.. "{\"model\":\"a"u8, .. invalid, .. Encoding.UTF8.GetBytes("\"," + Hi + "}")];

        AssertInvalidRequest(await SendAsync("POST", "/v1/chat/completions", body));
    }

    /// <summary>A passed-through model went into the x-gateway-model response header, where Kestrel refuses control and non-ASCII characters: 500 after the upstream answered.</summary>
    [Theory]
    [InlineData("a\\u0000b")]
    [InlineData("smart\\r\\nX-Injected: 1")]
    [InlineData("smart\\u007f")]
    [InlineData("é")]
    [InlineData("模型")]
    [InlineData("😀")]
    public async Task ModelWithControlOrNonAsciiCharacters_IsNotAServerError(string escapedModel)
    {
        var response = await SendAsync("POST", "/v1/chat/completions", Encoding.UTF8.GetBytes("{\"model\":\"" + escapedModel + "\"," + Hi + "}"));

        AssertKeepsInvariants(response);
        Assert.False(response.HasHeader("X-Injected"));
    }

    /// <summary>A 200,000-character model was copied into x-gateway-model: 200 KB of response headers.</summary>
    [Fact]
    public async Task VeryLongModel_ResponseHeadersStayUnder8KiB()
    {
        var response = await SendAsync("POST", "/v1/chat/completions", Encoding.UTF8.GetBytes("{\"model\":" + JsonValueGen.LongModel + "," + Hi + "}"));

        Assert.True(response.Status is > 0 and < 500, $"status {response.Status}");
        Assert.True(response.HeaderBytes <= IngressInvariants.MaxHeaderBytes, $"{response.HeaderBytes} bytes of response headers");
    }

    /// <summary>Anthropic mapping: an image part whose url is null threw NullReferenceException in AnthropicMessages.WriteImage: 500.</summary>
    [Fact]
    public async Task Anthropic_ImageUrlNull_Is400()
    {
        var body = "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":null}}]}]}";

        var response = await SendAsync("POST", "/v1/chat/completions", Encoding.UTF8.GetBytes(body), provider: "claude");

        Assert.Equal(400, response.Status);
        Assert.True(IngressInvariants.IsOpenAIError(response, head: false), response.Text);
    }

    /// <summary>Anthropic mapping: 1e999 reads as infinity, which Utf8JsonWriter.WriteNumber refuses (ArgumentException): 500.</summary>
    [Theory]
    [InlineData("top_p", "-1e999")]
    [InlineData("temperature", "-1e999")]
    [InlineData("top_p", "1e999")]
    public async Task Anthropic_InfiniteSamplingParameter_IsNotAServerError(string name, string value)
    {
        var body = "{\"model\":\"smart\"," + Hi + ",\"" + name + "\":" + value + "}";

        var response = await SendAsync("POST", "/v1/chat/completions", Encoding.UTF8.GetBytes(body), provider: "claude");

        AssertKeepsInvariants(response);
    }

    /// <summary>
    /// /v1/responses read the body again past the ingress: nesting the ingress allows (up to 128) but its own reader did
    /// not (64) threw JsonReaderException, and a lone surrogate in input, instructions or previous_response_id threw
    /// InvalidOperationException from GetString: 500. The Messages surface answered 400s naming System.Text.Json's errors.
    /// </summary>
    [Theory]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}")]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":\"a\\ud800b\"}")]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"\\udc00\"}]}]}")]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":\"hi\",\"stream\":true,\"instructions\":\"\\ud800\"}")]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":\"hi\",\"previous_response_id\":\"\\ud800\"}")]
    [InlineData("/v1/responses", "{\"model\":\"smart\",\"input\":[{\"type\":\"item_reference\",\"id\":\"\\ud800\"}]}")]
    [InlineData("/v1/messages", "{\"model\":\"smart\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800\"}]}")]
    [InlineData("/v1/messages", "{\"model\":\"smart\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"metadata\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    [InlineData("/v1/messages/count_tokens", "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800\"}]}")]
    public async Task ResponsesAndMessages_DeepNestingOrLoneSurrogate_Is400(string target, string body)
    {
        var response = await SendAsync("POST", target, Encoding.UTF8.GetBytes(body), headers: [("anthropic-version", "2023-06-01")]);

        Assert.Equal(400, response.Status);
        Assert.True(IngressInvariants.IsOpenAIError(response, head: false), response.Text);
        Assert.DoesNotContain("System.", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("configured depth", response.Text, StringComparison.Ordinal);
    }

    private static void AssertKeepsInvariants(Infrastructure.RawResponse response)
    {
        var request = new FuzzRequest("POST", "/v1/chat/completions", PathKind.V1, [], null, ValidClientKey: true, ValidAdminKey: false);
        var violations = IngressInvariants.Violations(request, response, upstreamsFailing: false);
        Assert.True(violations.Count == 0, string.Join("; ", violations));
    }

    private static void AssertInvalidRequest(Infrastructure.RawResponse response)
    {
        Assert.Equal(400, response.Status);
        Assert.True(IngressInvariants.IsOpenAIError(response, head: false), response.Text);
        Assert.Contains("\"invalid_request\"", response.Text, StringComparison.Ordinal);
    }

    private async Task<Infrastructure.RawResponse> SendAsync(string method, string target, byte[] body, string? authorization = "Bearer " + HeaderGen.ClientKey, string? provider = null, (string, string)[]? headers = null)
    {
        List<(string, string)> headersList = [("Content-Type", "application/json"), .. headers ?? []];
        if (authorization is not null)
        {
            headersList.Add(("Authorization", authorization));
        }

        if (provider is not null)
        {
            headersList.Add(("X-Gateway-Provider", provider));
        }

        var (response, _) = await fixture.Gateway.SendAsync(new FuzzRequest(method, target, PathKind.V1, headersList, body, authorization is not null, false));
        return response;
    }
}
