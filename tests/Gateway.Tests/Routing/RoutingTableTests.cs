using Gateway.Routing;

namespace Gateway.Tests.Routing;

public sealed class RoutingTableTests
{
    private static RoutingTable CreateSut(Dictionary<string, string?>? settings = null)
    {
        var options = TestOptions.Read(settings, new Dictionary<string, string?>
        {
            ["AI_OPENAI_KEY"] = "k",
            ["AI_OPENAI_SMART"] = "gpt-4.1",
            ["AI_OPENAI_FAST"] = "gpt-4o-mini",
            ["AI_GROQ_KEY"] = "k",
            ["AI_GROQ_FAST"] = "llama3-8b",
            ["AI_GROQ_MODELS"] = "mixtral,gpt-4o-mini",
            ["AI_OFF_URL"] = "http://127.0.0.1:1/v1",
            ["AI_OFF_SMART"] = "off-smart",
            ["AI_OFF_ENABLED"] = "false",
        });
        return TestOptions.Table(options);
    }

    private static string[] Describe(Resolution resolution) =>
        [.. resolution.Candidates!.Candidates.ToArray().Select(c => $"{c.Provider.Name}:{c.UpstreamModel ?? "="}")];

    [Theory]
    [InlineData("smart", new[] { "openai:gpt-4.1" })]
    [InlineData("SMART", new[] { "openai:gpt-4.1" })]
    [InlineData("fast", new[] { "groq:llama3-8b", "openai:gpt-4o-mini" })]
    [InlineData("best", new[] { "openai:gpt-4.1" })]
    [InlineData("mixtral", new[] { "groq:=" })]
    [InlineData("gpt-4o-mini", new[] { "groq:=", "openai:=" })]
    [InlineData("something-else", new[] { "groq:=", "openai:=" })]
    [InlineData("groq/llama3-70b", new[] { "groq:llama3-70b" })]
    [InlineData("groq/fast", new[] { "groq:llama3-8b" })]
    [InlineData("anthropic/claude-3", new[] { "groq:=", "openai:=" })]
    [InlineData("off/x", new[] { "groq:=", "openai:=" })]
    public void Resolve_ModelName_GivesCandidates(string model, string[] expected)
    {
        var resolver = CreateSut(new() { ["Gateway:Aliases:best"] = "smart" });
        Assert.Equal(expected, Describe(resolver.Resolve(model, null)));
    }

    [Fact]
    public void Resolve_PinnedByHeader_UsesOnlyThatProvider()
    {
        var resolver = CreateSut();
        Assert.Equal(["openai:gpt-4o-mini"], Describe(resolver.Resolve("fast", "OpenAI")));
        Assert.Equal(["groq:="], Describe(resolver.Resolve("whatever", "groq")));
    }

    [Theory]
    [InlineData("smart", "nope", 404, "provider_not_found")]
    [InlineData("smart", "off", 404, "provider_not_found")]
    [InlineData("smart", "groq", 404, "model_not_found")]
    public void Resolve_Unservable_Fails(string model, string pinned, int status, string code)
    {
        var resolution = CreateSut().Resolve(model, pinned);
        Assert.Equal((status, code), (resolution.Status, resolution.Code));
    }

    [Fact]
    public void Resolve_NoProviders_Is503()
    {
        var options = TestOptions.Read();
        var resolution = TestOptions.Table(options).Resolve("smart", null);
        Assert.Equal((503, "No available AI providers"), (resolution.Status, resolution.Message));
    }

    [Fact]
    public void ListModels_HasTiersAliasesAndServedModels()
    {
        var ids = CreateSut(new() { ["Gateway:Aliases:best"] = "smart" }).ListModels().Select(m => m.Id);
        Assert.Equal(["best", "fast", "smart", "gpt-4.1", "gpt-4o-mini", "llama3-8b", "mixtral"], ids);
    }

    [Fact]
    public void ListModels_TierNobodyServes_IsNotListed_NorItsAliases()
    {
        var options = TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Aliases:quick"] = "fast", ["Gateway:Aliases:best"] = "smart" }, new Dictionary<string, string?>
        {
            ["AI_GROQ_KEY"] = "k",
            ["AI_GROQ_FAST"] = "llama3-8b",
        });

        var ids = TestOptions.Table(options).ListModels().Select(m => m.Id);

        Assert.Equal(["fast", "quick", "llama3-8b"], ids);
    }

    [Fact]
    public void ListModels_NoProviders_ListsNoTiers()
    {
        Assert.Empty(TestOptions.Table(TestOptions.Read()).ListModels());
    }

    [Fact]
    public void Owns_KeysOfItsSetsAndTheirNarrowings_NotOfSetsItLacks()
    {
        var table = CreateSut();
        var fast = table.Resolve("fast", null).Candidates!;

        Assert.True(table.Owns(fast.Key));
        Assert.True(table.Owns("tier:fast|Embeddings|None\nopenai"));
        Assert.False(table.Owns("tier:fast\ngroq,openai,mistral"));
        Assert.False(table.Owns("model:gone\nopenai"));
    }

    [Fact]
    public void Key_SameNameAndMembers_IsEqualAcrossTables()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_A_URL"] = "http://127.0.0.1:9/v1", ["AI_A_SMART"] = "m", ["AI_B_URL"] = "http://127.0.0.1:9/v1", ["AI_B_SMART"] = "m" });

        var first = TestOptions.Table(options, version: 1).Resolve("smart", null).Candidates!;
        var second = TestOptions.Table(options, version: 2).Resolve("smart", null).Candidates!;

        Assert.NotSame(first, second);
        Assert.Equal("tier:smart\na,b", first.Key);
        Assert.Equal(first.Key, second.Key);
    }
}
