using System.Text;
using Gateway.Operations;
using Gateway.Protocols.Gemini;

namespace Gateway.Tests.Protocols.Gemini;

public sealed class GeminiErrorsTests
{
    [Theory]
    [InlineData(400, "INVALID_ARGUMENT")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(409, "ABORTED")]
    [InlineData(413, "INVALID_ARGUMENT")]
    [InlineData(415, "INVALID_ARGUMENT")]
    [InlineData(429, "RESOURCE_EXHAUSTED")]
    [InlineData(499, "CANCELLED")]
    [InlineData(500, "INTERNAL")]
    [InlineData(501, "UNIMPLEMENTED")]
    [InlineData(502, "UNAVAILABLE")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    [InlineData(508, "INTERNAL")]
    public void StatusFor_IsGooglesCanonicalName(int status, string name) => Assert.Equal(name, GeminiErrors.StatusFor(status));

    [Theory]
    [InlineData(400, """{"error":{"message":"Bad 'x'.","type":"invalid_request_error","param":null,"code":null}}""", """{"error":{"code":400,"message":"Bad 'x'.","status":"INVALID_ARGUMENT"}}""")]
    [InlineData(429, """{"detail":"Slow down"}""", """{"error":{"code":429,"message":"Slow down","status":"RESOURCE_EXHAUSTED"}}""")]
    [InlineData(404, """{"error":"No such model"}""", """{"error":{"code":404,"message":"No such model","status":"NOT_FOUND"}}""")]
    [InlineData(502, "<html>bad gateway</html>", """{"error":{"code":502,"message":"The provider answered HTTP 502.","status":"UNAVAILABLE"}}""")]
    public void FromOpenAI_KeepsTheMessage_InGooglesShape(int status, string openAI, string google) =>
        Assert.Equal(google, Encoding.UTF8.GetString(GeminiErrors.FromOpenAI(status, Encoding.UTF8.GetBytes(openAI))));

    [Fact]
    public void StreamError_PerFraming_AnSseEventOrTheArraysLastElement()
    {
        Assert.Equal("data: {\"error\":{\"code\":500,\"message\":\"cut\",\"status\":\"INTERNAL\"}}\r\n\r\n", Encoding.UTF8.GetString(GeminiOperation.Sse.StreamError("cut")));
        Assert.Equal(",{\"error\":{\"code\":500,\"message\":\"cut\",\"status\":\"INTERNAL\"}}\n\n]", Encoding.UTF8.GetString(GeminiOperation.JsonArray.StreamError("cut")));
    }

    [Fact]
    public void PassBackError_OfAProviderBody_IsGooglesShape() =>
        Assert.Equal("""{"error":{"code":400,"message":"nope","status":"INVALID_ARGUMENT"}}""",
            Encoding.UTF8.GetString(GeminiOperation.Sse.PassBackError(400, Encoding.UTF8.GetBytes("""{"error":{"message":"nope","type":"invalid_request_error"}}""")).Body));
}
