using System.Text;
using Gateway.Caching;
using Xunit;

namespace Gateway.Tests.Caching;

public sealed class AnswerCheckTests
{
    [Theory]
    [InlineData("""{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function"}]},"finish_reason":"tool_calls"}]}""")]
    [InlineData("data: {\"choices\":[{\"delta\":{\"tool_calls\" : [ {\"index\":0}]}}]}\n\n")]
    [InlineData("data: {\"choices\":[{\"delta\":{},\"finish_reason\": \"tool_calls\"}]}\n\n")]
    [InlineData("""{"choices":[{"message":{"function_call":{"name":"f"}}}]}""")]
    public void HasToolCall_ToolCallsInAnAnswerOrStream_IsTrue(string body) =>
        Assert.True(AnswerCheck.HasToolCall(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("""{"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}""")]
    [InlineData("""{"choices":[{"message":{"content":"hi","tool_calls":null,"function_call":null}}]}""")]
    [InlineData("""{"choices":[{"message":{"content":"hi","tool_calls": [ ]}}]}""")]
    [InlineData("""{"choices":[{"message":{"content":"say \"tool_calls\": [1] to me"}}]}""")]
    public void HasToolCall_TextOnly_IsFalse(string body) =>
        Assert.False(AnswerCheck.HasToolCall(Encoding.UTF8.GetBytes(body)));
}
