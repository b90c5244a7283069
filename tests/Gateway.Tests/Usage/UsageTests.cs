using System.Text;
using Gateway.Configuration;
using Gateway.Usage;

namespace Gateway.Tests.Usage;

public sealed class UsageTests
{
    [Theory]
    [InlineData("{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}", 12, 7)]
    [InlineData("..., \"usage\" : { \"completion_tokens\": 3, \"prompt_tokens_details\": {\"cached_tokens\": 1}, \"prompt_tokens\": 4 } }", 4, 3)]
    [InlineData("{\"usage\":{\"prompt_tokens\":9,\"total_tokens\":9},\"model\":\"e\"}", 9, 0)]
    [InlineData("{\"content\":\"the word \\\"usage\\\" in text\",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}", 1, 2)]
    [InlineData("{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,\"totalTokenCount\":10,\"thoughtsTokenCount\":2}}", 5, 5)]
    public void FindLast_ReadsTheUsageObject(string json, long prompt, long completion)
    {
        var usage = UsageParser.FindLast(Encoding.UTF8.GetBytes(json));
        Assert.Equal((prompt, completion), (usage?.PromptTokens, usage?.CompletionTokens)); // cached tokens: CachedTokenUsageTests
    }

    [Theory]
    [InlineData("{\"choices\":[{\"delta\":{}}]}")]
    [InlineData("{\"usage\":null}")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1")]
    [InlineData("{\"usage\":{\"prompt_tokens\":\"many\"}}")]
    public void FindLast_NoUsableUsage_IsNull(string json) => Assert.Null(UsageParser.FindLast(Encoding.UTF8.GetBytes(json)));

    private const string Stream =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n" +
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n" +
        "data: [DONE]\n\n";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(10_000)]
    public async Task StreamUsageFilter_Stripping_RemovesOnlyTheUsageChunk_AtAnySplit(int split)
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        using var filter = new StreamUsageFilter(strip: true);
        using var output = new MemoryStream();
        for (var at = 0; at < bytes.Length; at += split)
        {
            await filter.WriteAsync(bytes.AsMemory(at, Math.Min(split, bytes.Length - at)), output, CancellationToken.None);
        }

        await filter.FlushAsync(output, CancellationToken.None);

        var seen = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(Stream.Replace("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n", "", StringComparison.Ordinal), seen);
        Assert.Equal(new TokenUsage(5, 2), filter.Usage);
    }

    [Fact]
    public async Task StreamUsageFilter_Stripping_HandlesCrLfEvents()
    {
        var crlf = Stream.Replace("\n", "\r\n", StringComparison.Ordinal);
        using var filter = new StreamUsageFilter(strip: true);
        using var output = new MemoryStream();
        var bytes = Encoding.UTF8.GetBytes(crlf);
        await filter.WriteAsync(bytes.AsMemory(0, 100), output, CancellationToken.None);
        await filter.WriteAsync(bytes.AsMemory(100), output, CancellationToken.None);

        var seen = Encoding.UTF8.GetString(output.ToArray());
        Assert.DoesNotContain("\"usage\"", seen, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\r\n\r\n", seen, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(5, 2), filter.Usage);
    }

    [Fact]
    public async Task StreamUsageFilter_WithoutStripping_ForwardsEverything_AndStillFindsUsage()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        using var filter = new StreamUsageFilter(strip: false);
        using var output = new MemoryStream();
        await filter.WriteAsync(bytes.AsMemory(0, 50), output, CancellationToken.None);
        await filter.WriteAsync(bytes.AsMemory(50), output, CancellationToken.None);

        Assert.Equal(Stream, Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(new TokenUsage(5, 2), filter.Usage);
    }

    [Theory]
    [InlineData("gpt-4o-mini", 0.15, 0.60)]
    [InlineData("openai/gpt-4o-mini", 0.15, 0.60)]
    [InlineData("gpt-4o-2024-08-06", 2.50, 10.00)]
    [InlineData("gpt-4o-mini-2024-07-18", 0.15, 0.60)]
    [InlineData("house-model", 1.0, 2.0)]
    public void PriceTable_MatchesExactPrefixedAndDatedNames(string model, double input, double output)
    {
        var table = new PriceTable(new GatewayOptions { Prices = new Dictionary<string, ModelPrice> { ["house-model"] = new(1.0, 2.0) } });
        Assert.Equal(new ModelPrice(input, output), table.Find(model));
    }

    [Fact]
    public void PriceTable_Cost_AppliesTheProviderMultiplier_AndUnknownModelsHaveNone()
    {
        var options = TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Prices:m:Input"] = "2", ["Gateway:Prices:m:Output"] = "4" },
            new Dictionary<string, string?> { ["AI_CHEAP_URL"] = "http://127.0.0.1:1/v1", ["AI_CHEAP_COST_MULTIPLIER"] = "0.5" });
        var table = new PriceTable(options);

        Assert.Equal((1_000_000 * 2.0 + 500_000 * 4.0) / 1_000_000 * 0.5, table.Cost("cheap", "m", new TokenUsage(1_000_000, 500_000)));
        Assert.Null(table.Cost("cheap", "unknown-model", new TokenUsage(1, 1)));
    }
}
