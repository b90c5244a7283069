using System.Text;
using Gateway.Contracts;

namespace Gateway.Tests.Contracts;

public sealed class RequestEnvelopeTests
{
    [Fact]
    public void TryParse_ChatRequest_FindsModelTokenAndStream()
    {
        var json = """{ "messages": [{"role":"user","content":"hi \"model\""}], "model" : "smart", "stream": true, "x": {"model": 1} }""";

        Assert.True(Gateway.Operations.ChatCompletionsOperation.Instance.TryParse(Encoding.UTF8.GetBytes(json), out var envelope, out _));

        Assert.Equal(("smart", true), (envelope.Model, envelope.Stream));
        Assert.Equal("\"smart\"", json.Substring(envelope.ModelStart, envelope.ModelLength));
    }

    [Theory]
    [InlineData("{\"model\":\"m\",\"messages\":[", "could not parse")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"messages\":[]}", "You must provide a model parameter")]
    [InlineData("{\"model\":\"\",\"messages\":[]}", "You must provide a model parameter")]
    [InlineData("{\"model\":5,\"messages\":[]}", "'model' must be a string")]
    [InlineData("{\"model\":\"m\",\"model\":\"n\",\"messages\":[]}", "more than once")]
    [InlineData("{\"model\":\"m\",\"messages\":\"hi\"}", "'messages' must be an array")]
    [InlineData("{\"model\":\"m\"}", "Missing required parameter: 'messages'")]
    [InlineData("{\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"}", "'stream' must be a boolean")]
    [InlineData("{\"model\":\"m\",\"messages\":[]} {}", "could not parse")]
    [InlineData("", "could not parse")]
    public void TryParse_BadChatRequest_ExplainsWhy(string json, string expected)
    {
        Assert.False(Gateway.Operations.ChatCompletionsOperation.Instance.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Embeddings_RequiresInput()
    {
        Assert.True(Gateway.Operations.EmbeddingsOperation.Instance.TryParse("{\"model\":\"e\",\"input\":\"x\"}"u8, out _, out _));
        Assert.False(Gateway.Operations.EmbeddingsOperation.Instance.TryParse("{\"model\":\"e\"}"u8, out _, out var error));
        Assert.Contains("'input'", error, StringComparison.Ordinal);
    }
}
