using System.ClientModel;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;

namespace Gateway.IntegrationTests;

/// <summary>The official OpenAI .NET client, changed only in its endpoint, works through the gateway.</summary>
public sealed class OpenAIClientTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("alpha");
        _gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_ALPHA_MODELS", "text-embedding-3-small")));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(_gateway.Root + "/v1") };

    [Fact]
    public async Task ChatCompletion_ThroughTheGateway_ReturnsTheUpstreamAnswer()
    {
        var client = new ChatClient("smart", new ApiKeyCredential("client-secret"), Options);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello from alpha. token1 token2", completion.Content[0].Text);
        Assert.Equal("alpha-smart", completion.Model);
        Assert.Equal(5, completion.Usage.InputTokenCount);
        Assert.Equal("alpha-smart", _upstreams["alpha"].Received.Single().Model);
    }

    [Fact]
    public async Task StreamingChat_ChunksArriveOneByOne()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstreams["alpha"].Default = new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold };
        var client = new ChatClient("fast", new ApiKeyCredential("client-secret"), Options);
        var firstToken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var text = new List<string>();

        var reading = Task.Run(async () =>
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                foreach (var part in update.ContentUpdate.Where(p => p.Text.Length > 0))
                {
                    text.Add(part.Text);
                    firstToken.TrySetResult(part.Text);
                }
            }
        });

        try
        {
            // The upstream is holding its second chunk until we release it: the first must already be here.
            var first = await firstToken.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("Hello from alpha.", first);
            Assert.Equal(["Hello from alpha."], text);
        }
        finally
        {
            hold.TrySetResult();
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["Hello from alpha.", " token1", " token2"], text);
        Assert.True(_upstreams["alpha"].Received.Single().Stream);
    }

    [Fact]
    public async Task Embeddings_AreForwardedToTheProviderThatServesTheModel()
    {
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential("client-secret"), Options);

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("hello");

        Assert.Equal([0.25f, -0.5f, 0.75f], embedding.ToFloats().ToArray());
        var received = _upstreams["alpha"].Received.Single();
        Assert.Equal(("/v1/embeddings", "text-embedding-3-small"), (received.Path, received.Model));
    }

    [Fact]
    public async Task Models_ListTiersAndConfiguredModels()
    {
        var client = new OpenAIModelClient(new ApiKeyCredential("client-secret"), Options);

        OpenAIModelCollection models = await client.GetModelsAsync();

        Assert.Equal(["fast", "smart", "alpha-fast", "alpha-smart", "text-embedding-3-small"], models.Select(m => m.Id));
    }
}
