using System.Net;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>
/// The fake reads what the gateway forwards, whatever clients sent: odd bodies and odd tool definitions get a
/// plain answer, never a 500 that a test would mistake for a provider failure.
/// </summary>
public sealed class FakeUpstreamOddBodyTests : IAsyncLifetime
{
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("a");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>();
        string[] paths = ["/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens", "/v1/responses"];
        string[] bodies =
        [
            "", "[]", "1", "{}", "not json",
            """{"model":5,"messages":{},"input":7,"tools":{},"n":"2"}""",
            """{"model":"m","messages":[1,null,{"role":5}],"input":[1,null],"tools":[1,null,{"type":"function"},{"function":{"name":1}},{"type":"function","function":null},{"function":{"name":"f","parameters":"x"}},{"name":"f","input_schema":[]}],"tool_choice":[],"response_format":"json","text":{"format":7},"thinking":"on","output_format":[]}""",
            """{"model":"m","messages":[{"role":"tool","content":{}}],"input":[{"type":"function_call_output","output":5}],"previous_response_id":7}""",
        ];
        foreach (var path in paths)
        {
            foreach (var body in bodies)
            {
                data.Add(path, body);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task OddBody_IsAnsweredWithoutAServerError(string path, string body)
    {
        var (response, text) = await FakeCalls.PostAsync(_fake.Root + path, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(text);
    }
}
