using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// Google's Gemini API (<c>/v1beta/models/{model}:...</c>) over real sockets: translated to chat completions for an
/// OpenAI-compatible provider ("b") and on through the chat-to-Anthropic translation for an Anthropic one ("claude"),
/// both framings of the stream, function calling, keys where Google's clients put them, Google's error shape, failover.
/// </summary>
public sealed class GeminiTests : IAsyncLifetime
{
    private FakeUpstreamServer _claude = null!;
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync()
    {
        _claude = await FakeUpstreamServer.StartAsync("claude");
        _upstreams = await Upstreams.StartAsync("a", "b");
    }

    public async Task DisposeAsync()
    {
        await _upstreams.DisposeAsync();
        await _claude.DisposeAsync();
    }

    private Task<GatewayHost> StartGatewayAsync(bool withClaude = false, IReadOnlyDictionary<string, string?>? settings = null, params (string, string)[] extra)
    {
        var environment = _upstreams.Environment([("AI_ROTATION", "failover"), ("AI_B_PRIORITY", "1"), ("AI_A_PRIORITY", "2"), ("AI_CLIENT_KEYS", "client-secret"), .. extra]);
        if (withClaude)
        {
            environment["AI_CLAUDE_TYPE"] = "anthropic";
            environment["AI_CLAUDE_URL"] = _claude.Root;
            environment["AI_CLAUDE_KEY"] = "sk-ant-secret";
            environment["AI_CLAUDE_SMART"] = "claude-sonnet-4";
            environment["AI_CLAUDE_FAST"] = "claude-haiku-4";
        }

        return GatewayHost.StartAsync(environment, settings);
    }

    [Fact]
    public async Task GenerateContent_OnAChatProvider_IsTranslatedBothWays()
    {
        await using var gateway = await StartGatewayAsync();
        const string request = """
            {"systemInstruction":{"parts":[{"text":"Be brief."}]},
             "contents":[{"role":"user","parts":[{"text":"Hi"}]}],
             "generationConfig":{"temperature":0.5,"topP":0.9,"maxOutputTokens":64,"stopSequences":["END"],"thinkingConfig":{"thinkingBudget":512}}}
            """;

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var candidate = json.RootElement.GetProperty("candidates")[0];
        Assert.StartsWith("Hello from b.", GeminiHttp.Text([json.RootElement]), StringComparison.Ordinal);
        Assert.Equal(("model", "STOP"), (candidate.GetProperty("content").GetProperty("role").GetString(), candidate.GetProperty("finishReason").GetString()));
        var usage = json.RootElement.GetProperty("usageMetadata");
        Assert.True(usage.GetProperty("promptTokenCount").GetInt32() > 0 && usage.GetProperty("candidatesTokenCount").GetInt32() > 0);
        Assert.Equal("b", response.Header("x-gateway-provider"));

        var received = _upstreams["b"].Received.Single();
        Assert.Equal("/v1/chat/completions", received.Path);
        using var sent = JsonDocument.Parse(received.Body);
        var root = sent.RootElement;
        Assert.Equal("b-smart", root.GetProperty("model").GetString());
        Assert.Equal(("system", "Be brief."), (root.GetProperty("messages")[0].GetProperty("role").GetString(), root.GetProperty("messages")[0].GetProperty("content").GetString()));
        Assert.Equal(("user", "Hi"), (root.GetProperty("messages")[1].GetProperty("role").GetString(), root.GetProperty("messages")[1].GetProperty("content").GetString()));
        Assert.Equal((0.5, 0.9, 64), (root.GetProperty("temperature").GetDouble(), root.GetProperty("top_p").GetDouble(), root.GetProperty("max_tokens").GetInt32()));
        Assert.Equal("END", root.GetProperty("stop")[0].GetString());
        Assert.Equal("low", root.GetProperty("reasoning_effort").GetString());
        Assert.False(root.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task StreamGenerateContent_AltSse_StreamsElementsAndEndsWithFinishAndUsage()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "streamGenerateContent", query: "?alt=sse"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var elements = GeminiHttp.SseElements(body);
        Assert.True(elements.Count >= 3, body);
        Assert.StartsWith("Hello from b.", GeminiHttp.Text(elements), StringComparison.Ordinal);
        var last = elements[^1];
        Assert.Equal("STOP", last.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.True(last.GetProperty("usageMetadata").GetProperty("totalTokenCount").GetInt32() > 0);
        using var sent = JsonDocument.Parse(_upstreams["b"].Received.Single().Body);
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(sent.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task StreamGenerateContent_WithoutAlt_IsOneJsonArray()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "streamGenerateContent"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var elements = json.RootElement.EnumerateArray().ToList();
        Assert.True(elements.Count >= 2, body);
        Assert.StartsWith("Hello from b.", GeminiHttp.Text(elements), StringComparison.Ordinal);
        Assert.Equal("STOP", elements[^1].GetProperty("candidates")[0].GetProperty("finishReason").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FunctionCalling_OnAnthropic_RoundTripsThroughChatAndAnthropic(bool stream)
    {
        await using var gateway = await StartGatewayAsync(withClaude: true, extra: [("AI_B_ENABLED", "false"), ("AI_A_ENABLED", "false")]);
        const string tools = """
            "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather in a city",
              "parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}},"required":["city"]}}]}]
            """;
        var method = stream ? "streamGenerateContent" : "generateContent";
        var query = stream ? "?alt=sse" : "";

        var (first, firstBody) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", method,
            $$"""{"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],{{tools}}}""", query: query));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var elements = stream ? GeminiHttp.SseElements(firstBody) : [JsonDocument.Parse(firstBody).RootElement.Clone()];
        var call = elements.SelectMany(e => e.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray())
            .Single(p => p.TryGetProperty("functionCall", out _)).GetProperty("functionCall");
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, call.GetProperty("args").GetProperty("city").ValueKind);
        var id = call.GetProperty("id").GetString();
        using (var sent = JsonDocument.Parse(_claude.Received.Single().Body))
        {
            Assert.Equal("claude-sonnet-4", sent.RootElement.GetProperty("model").GetString());
            Assert.Equal("object", sent.RootElement.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("type").GetString());
        }

        // The second turn: the call (with the id the gateway gave it) and its response.
        var idJson = JsonSerializer.Serialize(id);
        var secondTurn = """{"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]},"""
            + """{"role":"model","parts":[{"functionCall":{"id":""" + idJson + ""","name":"get_weather","args":{"city":"Paris"}}}]},"""
            + """{"role":"user","parts":[{"functionResponse":{"id":""" + idJson + ""","name":"get_weather","response":{"output":"sunny, 21 C"}}}]}],""" + tools + "}";
        var (second, secondBody) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", method, secondTurn, query: query));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var answer = stream ? GeminiHttp.SseElements(secondBody) : [JsonDocument.Parse(secondBody).RootElement.Clone()];
        Assert.Equal("The tool said: sunny, 21 C", GeminiHttp.Text(answer));
    }

    [Fact]
    public async Task GenerateContent_FunctionResponsesWithoutIds_AreMatchedToTheCallsByName()
    {
        await using var gateway = await StartGatewayAsync();
        const string request = """
            {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},
              {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},{"functionCall":{"name":"get_time","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"get_time","response":{"output":"noon"}}},{"functionResponse":{"name":"get_weather","response":{"temp":21}}}]}]}
            """;

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The tool said: noon and {\"temp\":21}", GeminiHttp.Text([JsonDocument.Parse(body).RootElement]));
        using var sent = JsonDocument.Parse(_upstreams["b"].Received.Single().Body);
        var messages = sent.RootElement.GetProperty("messages");
        var calls = messages[1].GetProperty("tool_calls");
        Assert.Equal(calls[1].GetProperty("id").GetString(), messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal(calls[0].GetProperty("id").GetString(), messages[3].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public async Task GenerateContent_JsonSchemaOutput_AsksTheProviderForJsonSchema()
    {
        await using var gateway = await StartGatewayAsync();
        const string request = """
            {"contents":[{"parts":[{"text":"A city"}]}],
             "generationConfig":{"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"city":{"type":"STRING","nullable":true}},"required":["city"],"propertyOrdering":["city"]}}}
            """;

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(GeminiHttp.Text([JsonDocument.Parse(body).RootElement]));
        Assert.Equal("Paris", answer.RootElement.GetProperty("city").GetString());
        using var sent = JsonDocument.Parse(_upstreams["b"].Received.Single().Body);
        var format = sent.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("""{"type":"object","properties":{"city":{"type":["string","null"]}},"required":["city"]}""", format.GetProperty("json_schema").GetProperty("schema").GetRawText());
    }

    [Fact]
    public async Task KeyInTheQuery_IsAccepted_AndReachesNoLogEvenWithTheHostsRequestLogOn()
    {
        await using var gateway = await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });

        var (response, _) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "streamGenerateContent", googKey: null, query: "?alt=sse&key=client-secret"));
        var (refused, refusedBody) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", googKey: null, query: "?key=wrong-secret-key"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        GeminiHttp.AssertError(refusedBody, 401, "UNAUTHENTICATED");
        var lines = gateway.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Request starting", StringComparison.Ordinal) && l.Contains("alt=sse", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("client-secret", StringComparison.Ordinal) || l.Contains("wrong-secret-key", StringComparison.Ordinal));
        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.DoesNotContain("secret", metrics.Text, StringComparison.Ordinal);
        Assert.True(metrics.Samples.Keys.Any(k => k.Contains("/v1beta/models/{model}:streamGenerateContent", StringComparison.Ordinal)), "no request metric for the Gemini route");
    }

    [Fact]
    public async Task NoKey_Is401_InGooglesShape()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", googKey: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-goog-api-key", GeminiHttp.AssertError(body, 401, "UNAUTHENTICATED").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Theory]
    [InlineData("""{"contents":[]}""")]
    [InlineData("""{"contents":[{"role":"system","parts":[{"text":"x"}]}]}""")]
    [InlineData("""{"contents":[{"parts":[{"executableCode":{"code":"1"}}]}]}""")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"responseModalities":["IMAGE"]}}""")]
    [InlineData("[1,2]")]
    [InlineData("{\"contents\":")]
    public async Task BadRequest_Is400_InGooglesShape_AndReachesNoProvider(string request)
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", request));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        GeminiHttp.AssertError(body, 400, "INVALID_ARGUMENT");
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task UnknownMethod_Is404_InGooglesShape()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "embedContent"));
        var (slashed, slashedBody) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("a/a-fast", "predict"));

        using var unknown = new HttpRequestMessage(HttpMethod.Get, "/v1beta/cachedContents");
        unknown.Headers.Add("x-goog-api-key", "client-secret");
        var (url, urlBody) = await gateway.Client.ExchangeAsync(unknown);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (response.StatusCode, slashed.StatusCode, url.StatusCode));
        GeminiHttp.AssertError(body, 404, "NOT_FOUND");
        GeminiHttp.AssertError(slashedBody, 404, "NOT_FOUND");
        GeminiHttp.AssertError(urlBody, 404, "NOT_FOUND");
        Assert.Equal(0, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task ProviderError_ReachesTheClient_InGooglesShapeWithItsMessage()
    {
        await using var gateway = await StartGatewayAsync(extra: [("AI_A_ENABLED", "false")]);
        _upstreams["b"].Script(FakeResponse.WithStatus(400));

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = GeminiHttp.AssertError(body, 400, "INVALID_ARGUMENT");
        Assert.Contains("fake", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("generateContent", "")]
    [InlineData("streamGenerateContent", "?alt=sse")]
    public async Task FailingProvider_FailsOverToTheNext(string method, string query)
    {
        await using var gateway = await StartGatewayAsync();
        _upstreams["b"].Script(FakeResponse.WithStatus(500));

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", method, query: query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("a", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        var elements = query.Length > 0 ? GeminiHttp.SseElements(body) : [JsonDocument.Parse(body).RootElement.Clone()];
        Assert.StartsWith("Hello from a.", GeminiHttp.Text(elements), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProviderFailing_Is502_InGooglesShape()
    {
        await using var gateway = await StartGatewayAsync();
        _upstreams["a"].Default = FakeResponse.WithStatus(500);
        _upstreams["b"].Default = FakeResponse.WithStatus(500);

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        GeminiHttp.AssertError(body, 502, "UNAVAILABLE");
    }

    [Fact]
    public async Task StreamBrokenAfterTheFirstToken_EndsTheJsonArrayWithAnErrorElement()
    {
        await using var gateway = await StartGatewayAsync(extra: [("AI_A_ENABLED", "false")]);
        _upstreams["b"].Script(new FakeResponse { Fault = FakeFault.BreakAfterChunks, Chunks = 4, BreakAfterChunks = 2 });

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "streamGenerateContent"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var elements = json.RootElement.EnumerateArray().ToList();
        Assert.StartsWith("Hello from b.", GeminiHttp.Text(elements), StringComparison.Ordinal);
        Assert.Equal(500, elements[^1].GetProperty("error").GetProperty("code").GetInt32());
        Assert.DoesNotContain(elements, e => e.TryGetProperty("candidates", out var c) && c[0].TryGetProperty("finishReason", out _));
    }

    [Fact]
    public async Task CountTokens_IsEstimatedByTheGateway()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "countTokens",
            """{"contents":[{"role":"user","parts":[{"text":"How many tokens is this sentence?"}]}]}"""));
        var (wrapped, wrappedBody) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "countTokens",
            """{"generateContentRequest":{"model":"models/smart","contents":[{"role":"user","parts":[{"text":"How many tokens is this sentence?"}]}]}}"""));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (response.StatusCode, wrapped.StatusCode));
        var tokens = JsonDocument.Parse(body).RootElement.GetProperty("totalTokens").GetInt32();
        Assert.InRange(tokens, 7, 30);
        Assert.Equal(tokens, JsonDocument.Parse(wrappedBody).RootElement.GetProperty("totalTokens").GetInt32());
        Assert.Equal("estimate", response.Header("x-gateway-token-count"));
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task Models_ListsTheGatewaysModels_InGooglesShape()
    {
        await using var gateway = await StartGatewayAsync();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1beta/models");
        list.Headers.Add("x-goog-api-key", "client-secret");
        using var one = new HttpRequestMessage(HttpMethod.Get, "/v1beta/models/smart");
        one.Headers.Add("x-goog-api-key", "client-secret");
        using var none = new HttpRequestMessage(HttpMethod.Get, "/v1beta/models/unknown-model");
        none.Headers.Add("x-goog-api-key", "client-secret");

        var (listed, listBody) = await gateway.Client.ExchangeAsync(list);
        var (found, foundBody) = await gateway.Client.ExchangeAsync(one);
        var (missing, missingBody) = await gateway.Client.ExchangeAsync(none);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (listed.StatusCode, found.StatusCode, missing.StatusCode));
        var names = JsonDocument.Parse(listBody).RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("models/smart", names);
        Assert.Contains("models/fast", names);
        var model = JsonDocument.Parse(foundBody).RootElement;
        Assert.Equal("models/smart", model.GetProperty("name").GetString());
        Assert.Contains("streamGenerateContent", model.GetProperty("supportedGenerationMethods").EnumerateArray().Select(m => m.GetString()));
        GeminiHttp.AssertError(missingBody, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task ModelNameWithASlash_PinsTheProvider()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("a/a-fast", "generateContent"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Hello from a.", GeminiHttp.Text([JsonDocument.Parse(body).RootElement]), StringComparison.Ordinal);
        Assert.Equal("a-fast", JsonDocument.Parse(_upstreams["a"].Received.Single().Body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task GoogleBuiltInTools_AreLeftOut_AndNamedInAHeader()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, _) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent",
            """{"contents":[{"parts":[{"text":"Hi"}]}],"tools":[{"googleSearch":{}},{"codeExecution":{}}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tools.googleSearch,tools.codeExecution", response.Header("x-gateway-omitted"));
        Assert.False(JsonDocument.Parse(_upstreams["b"].Received.Single().Body).RootElement.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task V1Paths_ServeGoogleClientsToo_AsTheGenAiSdkDefaultsToV1()
    {
        await using var gateway = await StartGatewayAsync();
        using var generate = GeminiHttp.Post("smart", "generateContent");
        generate.RequestUri = new Uri("/v1/models/smart:generateContent", UriKind.Relative);
        using var bad = GeminiHttp.Post("smart", "generateContent", """{"contents":[]}""");
        bad.RequestUri = new Uri("/v1/models/smart:generateContent", UriKind.Relative);
        using var googleList = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        googleList.Headers.Add("x-goog-api-key", "client-secret");
        using var openAIList = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        openAIList.Headers.Add("Authorization", "Bearer client-secret");

        var (generated, generatedBody) = await gateway.Client.ExchangeAsync(generate);
        var (refused, refusedBody) = await gateway.Client.ExchangeAsync(bad);
        var (google, googleBody) = await gateway.Client.ExchangeAsync(googleList);
        var (openAI, openAIBody) = await gateway.Client.ExchangeAsync(openAIList);

        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.StartsWith("Hello from b.", GeminiHttp.Text([JsonDocument.Parse(generatedBody).RootElement]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        GeminiHttp.AssertError(refusedBody, 400, "INVALID_ARGUMENT");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (google.StatusCode, openAI.StatusCode));
        Assert.True(JsonDocument.Parse(googleBody).RootElement.TryGetProperty("models", out _), googleBody);
        Assert.Equal("list", JsonDocument.Parse(openAIBody).RootElement.GetProperty("object").GetString());
    }
}
