using System.ClientModel;
using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Gateway.IntegrationTests.Providers;

/// <summary>The official OpenAI client talks to the gateway; only an Anthropic provider (the fake, speaking Anthropic's protocol) is behind it.</summary>
public sealed class AnthropicTests : IAsyncLifetime
{
    private FakeUpstreamServer _anthropic = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _anthropic = await FakeUpstreamServer.StartAsync("claude");
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_ANTHROPIC_URL"] = _anthropic.Root,
            ["AI_ANTHROPIC_KEY"] = "sk-ant-secret",
            ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
            ["AI_ANTHROPIC_FAST"] = "claude-3-5-haiku",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _anthropic.DisposeAsync();
    }

    private ChatClient Client(string model = "smart") =>
        new(model, new ApiKeyCredential("client-key"), new OpenAIClientOptions { Endpoint = new Uri(_gateway.Root + "/v1") });

    [Fact]
    public async Task Chat_IsTranslatedBothWays()
    {
        ChatCompletion completion = await Client().CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")]);

        Assert.Equal("Hello from claude. token1 token2", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal((7, 3), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        var received = _anthropic.Received.Single();
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(("sk-ant-secret", "2023-06-01"), (received.Headers["x-api-key"], received.Headers["anthropic-version"]));
        Assert.False(received.Headers.ContainsKey("Authorization"));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(("claude-sonnet-4", "Be brief.", 4096), (body.RootElement.GetProperty("model").GetString(), body.RootElement.GetProperty("system").GetString(), body.RootElement.GetProperty("max_tokens").GetInt32()));
    }

    [Fact]
    public async Task StreamingChat_TokensArriveIncrementally()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _anthropic.Default = new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold };
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var text = new List<string>();
        ChatTokenUsage? usage = null;
        var reading = Task.Run(async () =>
        {
            await foreach (var update in Client("fast").CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                usage ??= update.Usage;
                foreach (var part in update.ContentUpdate.Where(p => p.Text.Length > 0))
                {
                    text.Add(part.Text);
                    first.TrySetResult(part.Text);
                }
            }
        });

        try
        {
            Assert.Equal("Hello from claude.", await first.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Single(text);
        }
        finally
        {
            hold.TrySetResult();
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Hello from claude.", " token1", " token2"], text);
        // The .NET client asks for usage (stream_options.include_usage): Anthropic's counts arrive in the final chunk.
        Assert.Equal((7, 3), (usage!.InputTokenCount, usage.OutputTokenCount));
        Assert.Equal("claude-3-5-haiku", JsonDocument.Parse(_anthropic.Received.Single().Body).RootElement.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCall_RoundTrip(bool stream)
    {
        var weather = ChatTool.CreateFunctionTool("get_weather", "Weather in a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { weather } };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        var (calls, finish) = stream ? await StreamToolCallsAsync(messages, options) : await ToolCallsAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        var call = Assert.Single(calls);
        Assert.Equal(("toolu_01", "get_weather"), (call.Id, call.FunctionName));
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage(calls));
        messages.Add(new ToolChatMessage(call.Id, "18 degrees and sunny"));
        ChatCompletion answer = await Client().CompleteChatAsync(messages, options);

        Assert.Equal("The tool said: 18 degrees and sunny", answer.Content[0].Text);
        using var sent = JsonDocument.Parse(_anthropic.Received.Last().Body);
        var turns = sent.RootElement.GetProperty("messages");
        Assert.Equal("tool_use", turns[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("tool_result", turns[2].GetProperty("content")[0].GetProperty("type").GetString());
    }

    private async Task<(List<ChatToolCall>, ChatFinishReason?)> ToolCallsAsync(List<ChatMessage> messages, ChatCompletionOptions options)
    {
        ChatCompletion completion = await Client().CompleteChatAsync(messages, options);
        return ([.. completion.ToolCalls], completion.FinishReason);
    }

    private async Task<(List<ChatToolCall>, ChatFinishReason?)> StreamToolCallsAsync(List<ChatMessage> messages, ChatCompletionOptions options)
    {
        string? id = null, name = null;
        var arguments = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Client().CompleteChatStreamingAsync(messages, options))
        {
            finish ??= update.FinishReason;
            foreach (var part in update.ToolCallUpdates)
            {
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }
        }

        return ([ChatToolCall.CreateFunctionToolCall(id!, name!, BinaryData.FromString(arguments.ToString()))], finish);
    }

    [Theory]
    [InlineData(404, 404, "model_not_found")]
    [InlineData(400, 400, null)]
    public async Task ProviderErrors_ComeOutAsOpenAIErrors(int status, int expected, string? code)
    {
        _anthropic.Default = FakeResponse.WithStatus(status);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(expected, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        Assert.Equal(code, body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("anthropic", error.GetRawResponse()!.Headers.TryGetValue("x-gateway-provider", out var provider) ? provider : null);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task ProviderRejectsTheGatewaysKey_IsAProviderFailure_NotTheClientsAuthError(int status)
    {
        _anthropic.Default = FakeResponse.WithStatus(status);

        var (response, body) = await _gateway.Client.ExchangeAsync(Http.Chat());

        // The client's key never goes upstream: a 401/403 there means the provider key is broken, which is the
        // gateway's failure (502), never an authentication error the client would try to fix on its side.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = Http.AssertOpenAIError(body);
        Assert.Equal("upstream_failed", error.GetProperty("code").GetString());
        Assert.Contains($"anthropic (HTTP {status})", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains("rejected the gateway's credential", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RateLimit_KeepsRetryAfter_AndIsA429ForTheClient()
    {
        _anthropic.Script(FakeResponse.WithStatus(429, "9"));

        var (response, body) = await _gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("9", response.Header("Retry-After"));
        Assert.Equal("rate_limit_exceeded", Http.AssertOpenAIError(body).GetProperty("code").GetString());
    }
}
