using System.Text;
using Gateway.Contracts;
using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class SplicedJsonContentTests
{
    [Theory]
    [InlineData("{\"model\":\"smart\",\"messages\":[]}", "\"gpt-4.1\"", "{\"model\":\"gpt-4.1\",\"messages\":[]}")]
    [InlineData("{\"messages\":[],\"model\": \"fast\"}", "\"a\\\"b\"", "{\"messages\":[],\"model\": \"a\\\"b\"}")]
    [InlineData("{\"model\":\"keep\",\"messages\":[]}", null, "{\"model\":\"keep\",\"messages\":[]}")]
    public async Task Serialize_ReplacesOnlyTheModelToken(string body, string? replacement, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.True(Gateway.Operations.ChatCompletionsOperation.Instance.TryParse(bytes, out var envelope, out _));
        using var content = new SplicedJsonContent(bytes, envelope.ModelStart, envelope.ModelLength, replacement is null ? null : Encoding.UTF8.GetBytes(replacement));

        var sent = await content.ReadAsStringAsync();

        Assert.Equal(expected, sent);
        Assert.Equal(Encoding.UTF8.GetByteCount(expected), content.Headers.ContentLength);
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
    }
}
