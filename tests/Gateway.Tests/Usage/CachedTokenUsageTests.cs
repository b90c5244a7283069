using System.Text;
using Gateway.Configuration;
using Gateway.Usage;

namespace Gateway.Tests.Usage;

/// <summary>Prompt-cache tokens as providers report them, and priced as the price table says.</summary>
public sealed class CachedTokenUsageTests
{
    private static TokenUsage Parse(string json) => UsageParser.FindLast(Encoding.UTF8.GetBytes(json)) ?? throw new InvalidOperationException("no usage");

    [Fact]
    public void FindLast_OpenAIChatCachedTokens_AreInsideThePrompt()
    {
        var usage = Parse("""{"usage":{"prompt_tokens":2000,"completion_tokens":50,"total_tokens":2050,"prompt_tokens_details":{"cached_tokens":1536,"audio_tokens":0}}}""");

        Assert.Equal(new TokenUsage(2000, 50, 1536, 0), usage);
        Assert.Equal(464, usage.UncachedPromptTokens);
    }

    [Fact]
    public void FindLast_ResponsesInputTokensDetails_AreInsideTheInput()
    {
        var usage = Parse("""{"usage":{"input_tokens":1200,"input_tokens_details":{"cached_tokens":1024},"output_tokens":10,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":1210}}""");

        Assert.Equal(new TokenUsage(1200, 10, 1024, 0), usage);
    }

    [Fact]
    public void FindLast_AnthropicCacheReadAndWrite_AreAddedToTheUncachedInput()
    {
        var usage = Parse("""{"usage":{"input_tokens":30,"cache_creation_input_tokens":500,"cache_read_input_tokens":1500,"output_tokens":20}}""");

        Assert.Equal(new TokenUsage(2030, 20, 1500, 500), usage);
        Assert.Equal(30, usage.UncachedPromptTokens);
    }

    [Fact]
    public void FindLast_NoCacheFields_AsBefore()
    {
        Assert.Equal(new TokenUsage(12, 3), Parse("""{"usage":{"prompt_tokens":12,"completion_tokens":3}}"""));
    }

    [Fact]
    public void Cost_PricesCacheReadsAndWritesAtTheirOwnPrices_ElseAsInput()
    {
        var table = new PriceTable(new GatewayOptions
        {
            Providers = [],
            Prices = new Dictionary<string, ModelPrice>
            {
                ["claude-x"] = new(3.0, 15.0) { CachedInputPerMillion = 0.3, CacheWritePerMillion = 3.75 },
                ["plain-x"] = new(3.0, 15.0),
            },
        });
        var usage = new TokenUsage(2_030_000, 20_000, 1_500_000, 500_000);

        // 30k uncached x 3 + 1.5M read x 0.3 + 500k written x 3.75 + 20k out x 15, per million.
        Assert.Equal(0.09 + 0.45 + 1.875 + 0.3, table.Cost("p", "claude-x", usage)!.Value, 6);
        Assert.Equal((2.03 * 3) + 0.3, table.Cost("p", "plain-x", usage)!.Value, 6);
    }
}
