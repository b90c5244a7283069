using System.Text;
using Gateway.Forwarding;
using Gateway.Providers;
using Xunit;

namespace Gateway.Tests.Forwarding;

/// <summary>A clamped request's body: its output fields lowered (never raised), one added when it has none.</summary>
public sealed class OutputClampTests
{
    [Theory]
    [InlineData("""{"model":"m","max_tokens":32000,"messages":[]}""", "ChatCompletions", """{"model":"m","max_tokens":1200,"messages":[]}""")]
    [InlineData("""{"model":"m","max_completion_tokens": 64000 ,"max_tokens":500}""", "ChatCompletions", """{"model":"m","max_completion_tokens": 1200 ,"max_tokens":500}""")]
    [InlineData("""{"model":"m","messages":[{"max_tokens":9}]}""", "ChatCompletions", """{"model":"m","messages":[{"max_tokens":9}],"max_tokens":1200}""")]
    [InlineData("""{"model":"m","input":"hi"}""", "Responses", """{"model":"m","input":"hi","max_output_tokens":1200}""")]
    [InlineData("""{"max_tokens":null}""", "Messages", """{"max_tokens":1200}""")]
    [InlineData("""{}""", "Messages", """{"max_tokens":1200}""")]
    public void Apply_LowersOrAdds(string body, string kind, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(OutputClamp.Apply(Encoding.UTF8.GetBytes(body), 1200, Enum.Parse<UpstreamOperation>(kind))));
}
