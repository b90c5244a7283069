using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The chat endpoint's scripted faults, on /v1/responses: statuses, error events, stalls and cut streams.</summary>
public sealed class FakeResponsesFaultTests : IAsyncLifetime
{
    private const string StreamBody = """{"model":"m","input":"Hi","stream":true}""";

    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Url => _fake.BaseUrl + "/responses";

    [Fact]
    public async Task ScriptedStatus_IsAnOpenAIError_WithRetryAfter()
    {
        _fake.Script(FakeResponse.WithStatus(429, "4"));

        var (response, body) = await FakeCalls.PostAsync(Url, StreamBody);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("4", response.Headers.RetryAfter?.ToString());
        Assert.Equal("fake_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ErrorEventBeforeFirstToken_FollowsTheLifecycleEvents()
    {
        _fake.Script(FakeResponse.WithFault(FakeFault.ErrorEventBeforeFirstToken));

        var events = await FakeCalls.StreamAsync(Url, StreamBody);

        Assert.Equal(["response.created", "response.in_progress", "error"], events.Select(e => e.Name));
        Assert.Equal("""{"type":"error","code":"overloaded","message":"fake overloaded mid-stream","param":null,"sequence_number":2}""", events[2].Data);
    }

    [Fact]
    public async Task BreakAfterChunks_CutsTheStreamAfterThatManyDeltas()
    {
        _fake.Script(new FakeResponse { Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 1 });

        var (events, cut) = await ReadUntilEndAsync();

        Assert.True(cut);
        Assert.Equal(["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.output_text.delta"],
            events.Select(e => e.Split('\n')[0]["event: ".Length..]));
        Assert.Empty(_fake.StoredResponseIds);
    }

    [Fact]
    public async Task CloseBeforeFirstToken_CutsTheConnectionBeforeAnyOutputItem()
    {
        _fake.Script(FakeResponse.WithFault(FakeFault.CloseBeforeFirstToken));

        // The reset may beat the lifecycle events to the client, which then sees no response at all.
        var (events, cut) = await ReadUntilEndAsync();

        Assert.True(cut);
        Assert.DoesNotContain(events, e => e.StartsWith("event: response.output_item", StringComparison.Ordinal));
        Assert.Empty(_fake.StoredResponseIds);
    }

    [Fact]
    public async Task DropConnection_SendsNoResponse()
    {
        _fake.Script(FakeResponse.WithFault(FakeFault.DropConnection));

        await Assert.ThrowsAsync<HttpRequestException>(() => FakeCalls.PostAsync(Url, StreamBody));
    }

    [Theory]
    [InlineData(FakeFault.StallBeforeFirstToken, "response.in_progress")]
    [InlineData(FakeFault.StallAfterChunks, "response.output_text.delta")]
    public async Task Stall_SendsNothingMore_UntilTheClientGivesUp(FakeFault fault, string lastEvent)
    {
        _fake.Script(new FakeResponse { Fault = fault, BreakAfterChunks = 1 });
        using var response = await StartAsync();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? line;
        while ((line = await reader.ReadLineAsync()) != "event: " + lastEvent)
        {
            Assert.NotNull(line);
        }

        await reader.ReadLineAsync();
        await reader.ReadLineAsync();
        var next = reader.ReadLineAsync();

        // Nothing more comes: the stream neither goes on nor ends (a short wait can only miss a late event, never invent one).
        Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(300)));
        response.Dispose();
        await WaitAsync(() => _fake.AbortedCount == 1);
    }

    [Fact]
    public async Task HoldAfterFirstChunk_ProvesDeltasArriveOneByOne()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fake.Script(new FakeResponse { HoldAfterFirstChunk = hold });
        using var response = await StartAsync();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var seen = new StringBuilder();
        while (!seen.ToString().Contains("event: response.output_text.delta", StringComparison.Ordinal))
        {
            seen.AppendLine(await reader.ReadLineAsync());
        }

        Assert.DoesNotContain("token1", seen.ToString(), StringComparison.Ordinal);
        hold.SetResult();
        Assert.Contains("event: response.completed", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> StartAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(StreamBody, Encoding.UTF8, "application/json") };
        var response = await FakeCalls.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>The events read before the stream ended, and whether it ended by a cut connection rather than a clean close.</summary>
    private async Task<(List<string> Events, bool Cut)> ReadUntilEndAsync()
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        var cut = false;
        try
        {
            using var response = await StartAsync();
            await using var stream = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            cut = true;
        }

        return ([.. text.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries)], cut);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
