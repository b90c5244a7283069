using System.Text;
using System.Text.Json;
using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class ContinuationBodyTests
{
    [Fact]
    public void Build_AppendsThePrefill_AndLowersTheOutputBound()
    {
        var request = """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"stream":true,"max_tokens":100,"temperature":0.2}"""u8;

        var body = JsonDocument.Parse(ContinuationBody.Build(request, "Hello \"there\"", producedTokens: 30)).RootElement;

        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("assistant", messages[1].GetProperty("role").GetString());
        Assert.Equal("Hello \"there\"", messages[1].GetProperty("content").GetString());
        Assert.Equal(70, body.GetProperty("max_tokens").GetInt64());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void Build_EmptyPrefill_AsksAgain_AndTheBoundNeverFallsBelowOne()
    {
        var request = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":10}""");

        var body = JsonDocument.Parse(ContinuationBody.Build(request, "", producedTokens: 50)).RootElement;

        Assert.Equal(1, body.GetProperty("messages").GetArrayLength());
        Assert.Equal(1, body.GetProperty("max_completion_tokens").GetInt64());
    }
}
