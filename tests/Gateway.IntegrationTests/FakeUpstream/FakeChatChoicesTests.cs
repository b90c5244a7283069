using System.ClientModel;
using System.Text.Json;
using Gateway.FakeUpstream;
using OpenAI;
using OpenAI.Chat;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>n choices, reasoning_content, and the official OpenAI client reading the fake's tool calls and structured output directly.</summary>
public sealed class FakeChatChoicesTests : IAsyncLifetime
{
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Url => _fake.BaseUrl + "/chat/completions";

    [Fact]
    public async Task N_Json_AnswersNChoices()
    {
        var body = await FakeCalls.JsonAsync(Url, """{"model":"m","n":3,"messages":[{"role":"user","content":"Hi"}]}""");

        var choices = body.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal("Choice 2: Hello from a. token1 token2", choices[2].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(9, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task N_Stream_EveryChunkCarriesItsChoiceIndex()
    {
        var events = await FakeCalls.StreamAsync(Url, """{"model":"m","n":2,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        var choices = events.SkipLast(1).Select(e => Assert.Single(e.Json.GetProperty("choices").EnumerateArray())).ToList();
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], choices.Select(c => c.GetProperty("index").GetInt32()));
        string Text(int index) => string.Concat(choices.Where(c => c.GetProperty("index").GetInt32() == index)
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal(("Choice 0: Hello from a. token1 token2", "Choice 1: Hello from a. token1 token2"), (Text(0), Text(1)));
        Assert.Equal(["stop", "stop"], choices[^2..].Select(c => c.GetProperty("finish_reason").GetString()));
    }

    [Theory]
    [InlineData(""","reasoning_effort":"low","messages":[{"role":"user","content":"Hi"}]""")]
    [InlineData(""","messages":[{"role":"user","content":"Hi [think]"}]""")]
    public async Task ReasoningAsked_StreamSendsReasoningContentBeforeContent(string rest)
    {
        var events = await FakeCalls.StreamAsync(Url, """{"model":"m","stream":true""" + rest + "}");

        var deltas = events.SkipLast(1).Select(e => e.Json.GetProperty("choices")[0].GetProperty("delta")).ToList();
        Assert.Equal(["Let me think", " step by step."], deltas.Where(d => d.TryGetProperty("reasoning_content", out _)).Select(d => d.GetProperty("reasoning_content").GetString()));
        var firstContent = deltas.FindIndex(d => d.TryGetProperty("content", out var c) && c.GetString()!.Length > 0);
        Assert.True(deltas.FindLastIndex(d => d.TryGetProperty("reasoning_content", out _)) < firstContent);

        var body = await FakeCalls.JsonAsync(Url, """{"model":"m" """ + rest + "}");
        Assert.Equal("Let me think step by step.", body.GetProperty("choices")[0].GetProperty("message").GetProperty("reasoning_content").GetString());
        Assert.Equal(2, body.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    private ChatClient Client() => new("m", new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri(_fake.BaseUrl) });

    [Fact]
    public async Task OfficialClient_StreamsParallelToolCalls()
    {
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")),
                ChatTool.CreateFunctionTool("get_time", "Time", BinaryData.FromString("""{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}""")),
            },
        };
        var calls = new SortedDictionary<int, (string? Id, string? Name, string Arguments)>();
        ChatFinishReason? finish = null;

        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Weather and time, both")], options))
        {
            finish ??= update.FinishReason;
            foreach (var part in update.ToolCallUpdates)
            {
                var (id, name, arguments) = calls.GetValueOrDefault(part.Index, (null, null, ""));
                calls[part.Index] = (id ?? part.ToolCallId, name ?? part.FunctionName, arguments + part.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal([("call_01", "get_weather", """{"city":"Paris"}"""), ("call_02", "get_time", """{"zone":"Paris"}""")], calls.Values);
    }

    [Fact]
    public async Task OfficialClient_ReadsStructuredOutput()
    {
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("city", BinaryData.FromString("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}"""), jsonSchemaIsStrict: true),
        };

        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("A city")], options);

        Assert.Equal("Paris", JsonDocument.Parse(completion.Content[0].Text).RootElement.GetProperty("name").GetString());
    }
}
