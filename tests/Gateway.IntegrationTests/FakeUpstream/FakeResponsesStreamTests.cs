using System.Text.Json;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The Responses API's event stream: names, order, sequence numbers and payloads, for text and for function calls.</summary>
public sealed class FakeResponsesStreamTests : IAsyncLifetime
{
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Url => _fake.BaseUrl + "/responses";

    [Fact]
    public async Task Text_Stream_IsTheDocumentedSequence()
    {
        var events = await FakeCalls.StreamAsync(Url, """{"model":"m","input":"Hi","stream":true}""");

        Assert.Equal(
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
            "response.content_part.done", "response.output_item.done", "response.completed",
        ], events.Select(e => e.Name));
        var data = events.Select(e => e.Json).ToList();
        Assert.Equal(events.Select(e => e.Name), data.Select(d => d.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), data.Select(d => d.GetProperty("sequence_number").GetInt32()));

        var created = data[0].GetProperty("response");
        Assert.Equal(("in_progress", 0, JsonValueKind.Null), (created.GetProperty("status").GetString(), created.GetProperty("output").GetArrayLength(), created.GetProperty("usage").ValueKind));
        Assert.Equal(("msg_a0001", "in_progress", 0), (data[2].GetProperty("item").GetProperty("id").GetString(), data[2].GetProperty("item").GetProperty("status").GetString(), data[2].GetProperty("item").GetProperty("content").GetArrayLength()));
        Assert.Equal("""{"type":"output_text","text":"","annotations":[]}""", data[3].GetProperty("part").GetRawText());
        Assert.All(data.Skip(3).Take(6), d => Assert.Equal(("msg_a0001", 0, 0), (d.GetProperty("item_id").GetString(), d.GetProperty("output_index").GetInt32(), d.GetProperty("content_index").GetInt32())));
        Assert.Equal("Hello from a. token1 token2", string.Concat(data.Skip(4).Take(3).Select(d => d.GetProperty("delta").GetString())));
        Assert.Equal("Hello from a. token1 token2", data[7].GetProperty("text").GetString());
        Assert.Equal("Hello from a. token1 token2", data[8].GetProperty("part").GetProperty("text").GetString());
        Assert.Equal("completed", data[9].GetProperty("item").GetProperty("status").GetString());

        var completed = data[10].GetProperty("response");
        Assert.Equal(("completed", 8), (completed.GetProperty("status").GetString(), completed.GetProperty("usage").GetProperty("total_tokens").GetInt32()));
        var (_, stored) = await FakeCalls.SendAsync(HttpMethod.Get, $"{Url}/resp_a0001");
        Assert.Equal(completed.GetRawText(), stored);
    }

    [Fact]
    public async Task FunctionCall_Stream_SendsArgumentDeltasBetweenItemEvents()
    {
        var events = await FakeCalls.StreamAsync(Url, $$"""{"model":"m","input":"Weather?","stream":true,"tools":[{{FakeResponsesTests.Weather}}]}""");

        Assert.Equal(
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.function_call_arguments.delta",
            "response.function_call_arguments.delta", "response.function_call_arguments.delta", "response.function_call_arguments.done",
            "response.output_item.done", "response.completed",
        ], events.Select(e => e.Name));
        var data = events.Select(e => e.Json).ToList();
        var added = data[2].GetProperty("item");
        Assert.Equal(("function_call", "fc_a0001_1", "call_a0001_01", "get_weather", "", "in_progress"), (added.GetProperty("type").GetString(), added.GetProperty("id").GetString(),
            added.GetProperty("call_id").GetString(), added.GetProperty("name").GetString(), added.GetProperty("arguments").GetString(), added.GetProperty("status").GetString()));
        Assert.All(data.Skip(3).Take(4), d => Assert.Equal(("fc_a0001_1", 0), (d.GetProperty("item_id").GetString(), d.GetProperty("output_index").GetInt32())));
        Assert.Equal("""{"city":"Paris"}""", string.Concat(data.Skip(3).Take(3).Select(d => d.GetProperty("delta").GetString())));
        Assert.Equal(("""{"city":"Paris"}""", "get_weather"), (data[6].GetProperty("arguments").GetString(), data[6].GetProperty("name").GetString()));
        Assert.Equal("completed", data[7].GetProperty("item").GetProperty("status").GetString());
        Assert.Equal("call_a0001_01", data[8].GetProperty("response").GetProperty("output")[0].GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task TwoFunctionCalls_Stream_UseOutputIndexes0And1()
    {
        const string Time = """{"type":"function","name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}}""";

        var events = await FakeCalls.StreamAsync(Url, $$"""{"model":"m","input":"Weather and time, both","stream":true,"tools":[{{FakeResponsesTests.Weather}},{{Time}}]}""");

        var done = events.Where(e => e.Name == "response.function_call_arguments.done").Select(e => e.Json).ToList();
        Assert.Equal([(0, "get_weather"), (1, "get_time")], done.Select(d => (d.GetProperty("output_index").GetInt32(), d.GetProperty("name").GetString())));
        Assert.Equal(2, events[^1].Json.GetProperty("response").GetProperty("output").GetArrayLength());
    }
}
