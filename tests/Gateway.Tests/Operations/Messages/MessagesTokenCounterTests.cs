using System.Text;
using Gateway.Operations.Messages;
using Gateway.Protocols;
using Gateway.Protocols.Messages;
using Gateway.Providers;

namespace Gateway.Tests.Operations.Messages;

public sealed class MessagesTokenCounterTests
{
    private static long Count(string body) => MessagesTokenCounter.Count(Encoding.UTF8.GetBytes(body));

    private const string Hello = """{"model":"m","messages":[{"role":"user","content":"Hello, world!"}]}""";

    [Fact]
    public void Count_SimpleText_IsItsO200kTokensPlusTheTurn()
    {
        // o200k: "Hello" "," " world" "!" = 4 tokens, plus 3 for the turn.
        Assert.Equal(4 + MessagesTokenCounter.TurnTokens, Count(Hello));
        // "The quick brown fox jumps over the lazy dog." = 10 tokens.
        Assert.Equal(10 + MessagesTokenCounter.TurnTokens, Count("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"The quick brown fox jumps over the lazy dog."}]}]}"""));
    }

    [Fact]
    public void Count_SystemToolsToolUseAndResults_AddTokens_ImagesAFixedEstimate_ThinkingNothing()
    {
        var baseline = Count(Hello);
        Assert.Equal(baseline + 3, Count("""{"model":"m","system":"Be brief.","messages":[{"role":"user","content":"Hello, world!"}]}"""));
        Assert.Equal(baseline + 3, Count("""{"model":"m","system":[{"type":"text","text":"Be brief."}],"messages":[{"role":"user","content":"Hello, world!"}]}"""));

        var withTool = Count("""{"model":"m","messages":[{"role":"user","content":"Hello, world!"}],"tools":[{"name":"weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}""");
        Assert.True(withTool > baseline + 10, $"{withTool} vs {baseline}");

        var image = Count("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hello, world!"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}""");
        Assert.Equal(baseline + MessagesTokenCounter.ImageTokens, image);

        var turns = Count("""
            {"model":"m","messages":[{"role":"user","content":"Hello, world!"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"A long chain of thought that is not counted.","signature":"s"},{"type":"tool_use","id":"t","name":"weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"18C"}]}]}
            """);
        Assert.Equal(baseline + 2 * MessagesTokenCounter.TurnTokens + Count1("weather") + Count1("{\"city\":\"Paris\"}") + Count1("18C"), turns);
    }

    private static long Count1(string text) => Count("{\"messages\":[{\"role\":\"user\",\"content\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}]}") - MessagesTokenCounter.TurnTokens;

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"model":"m","messages":[{"role":"system","content":"x"}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"document","source":{}}]}]}""")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":5}]}""")]
    [InlineData("""{"model":"m","messages":[],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""")]
    public void Count_InvalidOrUntranslatable_IsATranslationException(string body)
    {
        Assert.Throws<TranslationException>(() => Count(body));
    }
}
