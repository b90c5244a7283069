using System.Text;
using Gateway.Protocols.Gemini;

namespace Gateway.Tests.Protocols.Gemini;

public sealed class GeminiResponseMapperTests
{
    private const string Answer = """
        {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hé, Paris.","reasoning_content":"Plan it.",
          "tool_calls":[{"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\": \"Paris\"}"}},{"id":"call_b","type":"function","function":{"name":"clock","arguments":"not json"}}]},
          "finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80,"prompt_tokens_details":{"cached_tokens":10},"completion_tokens_details":{"reasoning_tokens":12}}}
        """;

    private static string Map(string chat, bool thoughts = true) => Encoding.UTF8.GetString(GeminiResponseMapper.Map(Encoding.UTF8.GetBytes(chat), "asked-model", thoughts));

    [Fact]
    public void Map_TextReasoningAndCalls_GivesTheExactGeminiResponse()
    {
        Assert.Equal("""
            {"candidates":[{"content":{"parts":[{"text":"Plan it.","thought":true},{"text":"Hé, Paris."},{"functionCall":{"id":"call_a","name":"weather","args":{"city":"Paris"}}},{"functionCall":{"id":"call_b","name":"clock","args":{}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":18,"totalTokenCount":80,"thoughtsTokenCount":12,"cachedContentTokenCount":10},"modelVersion":"gpt-4o","responseId":"chatcmpl-1"}
            """, Map(Answer));
    }

    [Fact]
    public void Map_WithoutIncludeThoughts_LeavesTheReasoningOut()
    {
        Assert.DoesNotContain("Plan it.", Map(Answer, thoughts: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop", "STOP")]
    [InlineData("length", "MAX_TOKENS")]
    [InlineData("content_filter", "SAFETY")]
    [InlineData("tool_calls", "STOP")]
    [InlineData("something_else", "OTHER")]
    public void Map_FinishReason_IsGeminis(string chat, string gemini)
    {
        var body = Map("""{"choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":""" + "\"" + chat + "\"" + """}],"usage":{"prompt_tokens":1,"completion_tokens":1}}""");

        Assert.Contains($"\"finishReason\":\"{gemini}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_EmptyMessageAndSeveralChoices_OneCandidateEach_WithAnEmptyTextPart()
    {
        Assert.Equal("""
            {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0},{"content":{"parts":[{"text":"b"}],"role":"model"},"finishReason":"MAX_TOKENS","index":1}],"usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":0,"totalTokenCount":0},"modelVersion":"asked-model"}
            """, Map("""{"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"stop"},{"index":1,"message":{"role":"assistant","content":"b"},"finish_reason":"length"}]}"""));
    }
}
