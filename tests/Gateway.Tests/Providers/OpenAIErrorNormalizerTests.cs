using System.Text;
using System.Text.Json;
using Gateway.Providers.OpenAICompatible;

namespace Gateway.Tests.Providers;

public sealed class OpenAIErrorNormalizerTests
{
    [Fact]
    public void OpenAIShapedError_PassesUnchanged()
    {
        var body = Encoding.UTF8.GetBytes("""{"error":{"message":"bad","type":"invalid_request_error","code":"x"}}""");
        Assert.Same(body, OpenAIErrorNormalizer.Normalize(400, body));
    }

    [Theory]
    [InlineData(401, """{"detail":"Not authenticated"}""", "Not authenticated", "invalid_api_key", "authentication_error")]
    [InlineData(404, "<html>Not Found</html>", "The provider answered HTTP 404.", "model_not_found", "invalid_request_error")]
    [InlineData(400, """{"message":"This model's maximum context length is 8192 tokens"}""", "This model's maximum context length is 8192 tokens", "context_length_exceeded", "invalid_request_error")]
    [InlineData(403, "", "The provider answered HTTP 403.", "permission_denied", "permission_error")]
    public void OtherErrors_BecomeOpenAIErrors(int status, string body, string message, string code, string type)
    {
        var error = JsonDocument.Parse(OpenAIErrorNormalizer.Normalize(status, Encoding.UTF8.GetBytes(body))).RootElement.GetProperty("error");
        Assert.Equal((message, code, type), (error.GetProperty("message").GetString(), error.GetProperty("code").GetString(), error.GetProperty("type").GetString()));
    }
}
