using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>
/// The fake's answers to the requests the existing tests send, byte for byte (status, headers, body), as recorded in
/// Golden/ before the fake learned tools, structured outputs, thinking and the Responses API. New behaviour is only
/// for requests that ask for it.
/// </summary>
public sealed class FakeUpstreamCompatibilityTests : IAsyncLifetime
{
    private const string Chat = "/v1/chat/completions";
    private const string Messages = "/v1/messages";
    private const string Hi = """{"model":"m","messages":[{"role":"user","content":"Hi"}]""";
    private const string ClaudeHi = """{"model":"c","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]""";
    private const string Weather = """{"model":"c","max_tokens":10,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"messages":[{"role":"user","content":"Weather in Paris?"}]""";
    private const string ToolResult = """{"model":"c","max_tokens":10,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"18 degrees"}]}]}""";

    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public static TheoryData<string, string, string, FakeResponse?> Cases => new()
    {
        { "chat-json", Chat, Hi + "}", null },
        { "chat-stream", Chat, Hi + ""","stream":true}""", null },
        { "chat-stream-usage", Chat, Hi + ""","stream":true,"stream_options":{"include_usage":true}}""", null },
        { "chat-stream-spaced", Chat, Hi + ""","stream":true,"stream_options":{"include_usage":true}}""", new FakeResponse { SpacedUsageChunk = true } },
        { "chat-429", Chat, Hi + "}", FakeResponse.WithStatus(429, "7") },
        { "chat-error-event", Chat, Hi + ""","stream":true}""", FakeResponse.WithFault(FakeFault.ErrorEventBeforeFirstToken) },
        { "msg-json", Messages, ClaudeHi + "}", null },
        { "msg-stream", Messages, ClaudeHi + ""","stream":true}""", null },
        { "msg-tool-json", Messages, Weather + "}", null },
        { "msg-tool-stream", Messages, Weather + ""","stream":true}""", null },
        { "msg-toolresult-json", Messages, ToolResult, null },
        { "msg-529", Messages, ClaudeHi + "}", FakeResponse.WithStatus(529) },
        { "msg-error-event", Messages, ClaudeHi + ""","stream":true}""", FakeResponse.WithFault(FakeFault.ErrorEventBeforeFirstToken) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ExistingRequest_AnswersAsBefore_ByteForByte(string golden, string path, string body, FakeResponse? script)
    {
        if (script is not null)
        {
            _fake.Script(script);
        }

        using var response = await FakeCalls.Client.PostAsync(_fake.Root + path, new StringContent(body, Encoding.UTF8, "application/json"));
        var headers = response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => h.Key + ": " + string.Join(",", h.Value));
        var actual = $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n\n{await response.Content.ReadAsStringAsync()}";

        var expected = await File.ReadAllTextAsync(Repository.Path("tests", "Gateway.IntegrationTests", "FakeUpstream", "Golden", golden + ".txt"));
        Assert.Equal(expected, actual);
    }
}
