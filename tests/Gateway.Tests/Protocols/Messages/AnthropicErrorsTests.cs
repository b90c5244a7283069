using System.Text;
using System.Text.Json;
using Gateway.Protocols.Messages;

namespace Gateway.Tests.Protocols.Messages;

public sealed class AnthropicErrorsTests
{
    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(402, "billing_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(409, "invalid_request_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(415, "invalid_request_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(504, "timeout_error")]
    [InlineData(529, "overloaded_error")]
    [InlineData(599, "api_error")]
    public void TypeFor_Status_IsAnthropicsType(int status, string type)
    {
        Assert.Equal(type, MessagesErrors.TypeFor(status));
    }

    [Fact]
    public void WriteBody_IsAnthropicsShape()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            MessagesErrors.WriteBody(writer, 404, "Unknown model 'x'.");
        }

        Assert.Equal("""{"type":"error","error":{"type":"not_found_error","message":"Unknown model \u0027x\u0027."}}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""", "authentication_error", "Incorrect API key provided")]
    [InlineData(429, """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""", "rate_limit_error", "Rate limit reached")]
    [InlineData(400, """{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}""", "invalid_request_error", "prompt is too long: This model's maximum context length is 128000 tokens.")]
    [InlineData(400, """{"error":{"message":"prompt is too long: 9 tokens > 8 maximum","type":"invalid_request_error"}}""", "invalid_request_error", "prompt is too long: 9 tokens > 8 maximum")]
    [InlineData(422, """{"detail":"Field required: messages"}""", "invalid_request_error", "Field required: messages")]
    [InlineData(500, """{"error":"upstream exploded"}""", "api_error", "upstream exploded")]
    [InlineData(503, """{"message":"no capacity"}""", "overloaded_error", "no capacity")]
    [InlineData(502, "<html>Bad Gateway</html>", "api_error", "The provider answered HTTP 502.")]
    public void FromOpenAI_KeepsStatusAndMessage_InAnthropicsShape(int status, string openAI, string type, string message)
    {
        var error = JsonDocument.Parse(MessagesErrors.FromOpenAI(status, Encoding.UTF8.GetBytes(openAI))).RootElement;

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal((type, message), (error.GetProperty("error").GetProperty("type").GetString(), error.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public void StreamEvent_IsAnErrorEvent()
    {
        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"No provider is available: \\\"smart\\\" é\"}}\n\n",
            Encoding.UTF8.GetString(MessagesErrors.StreamEvent(503, "No provider is available: \"smart\" é")));
    }
}
