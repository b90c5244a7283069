using System.ClientModel;
using Gateway.FakeUpstream;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The official client's Responses API is marked experimental; the wire format it reads is what is tested here.

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The official OpenAI .NET client's Responses API reads the fake's objects and streams as it reads OpenAI's.</summary>
public sealed class FakeResponsesClientTests : IAsyncLifetime
{
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ResponsesClient Client() => new(new ApiKeyCredential("k"), new ResponsesClientOptions { Endpoint = new Uri(_fake.BaseUrl) });

    [Fact]
    public async Task CreateStreamGetDelete_WithPreviousResponseId()
    {
        var client = Client();

        ResponseResult first = await client.CreateResponseAsync("m", "Hi", null);
        var text = new List<string>();
        string? secondId = null;
        await foreach (var update in await client.CreateResponseStreamingAsync("m", "Again?", first.Id))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Add(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate completed)
            {
                secondId = completed.Response.Id;
            }
        }

        Assert.Equal(("resp_a0001", ResponseStatus.Completed, "Hello from a. token1 token2"), (first.Id, first.Status, first.GetOutputText()));
        Assert.Equal((5, 3), (first.Usage.InputTokenCount, first.Usage.OutputTokenCount));
        Assert.Equal(["Hello from a. I see 2 earlier items.", " token1", " token2"], text);
        ResponseResult stored = await client.GetResponseAsync(secondId!);
        Assert.Equal((first.Id, string.Concat(text)), (stored.PreviousResponseId, stored.GetOutputText()));
        ResponseDeletionResult deleted = await client.DeleteResponseAsync(secondId!);
        Assert.True(deleted.Deleted);
    }

    [Fact]
    public async Task FunctionCall_IsReadAsAFunctionCallItem()
    {
        var options = new CreateResponseOptions("m", [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            Tools = { ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""), strictModeEnabled: true) },
        };

        ResponseResult response = await Client().CreateResponseAsync(options);

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(("call_a0001_01", "get_weather", """{"city":"Paris"}"""), (call.CallId, call.FunctionName, call.FunctionArguments.ToString()));
    }
}
