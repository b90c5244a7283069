using Gateway.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class AiEnvironmentVariablesTests
{
    [Fact]
    public void Read_ProviderVariables_BecomeProviders()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["AI_GROQ_KEY"] = "gsk-1",
            ["AI_GROQ_SMART"] = "mixtral",
            ["AI_GROQ_FAST"] = "llama3-8b",
            ["AI_GROQ_WEIGHT"] = "2.5",
            ["AI_GROQ_PRIORITY"] = "2",
            ["AI_GROQ_MODELS"] = "a, b ,c",
            ["AI_GROQ_FIRST_TOKEN_TIMEOUT"] = "7",
            ["AI_ROTATION"] = "weighted",
            ["AI_RETRY_FAILED"] = "false",
            ["AI_MAX_RETRIES"] = "1",
        });

        var groq = Assert.Single(options.Providers);
        Assert.Equal(("groq", "groq", "https://api.groq.com/openai/v1"), (groq.Name, groq.Type, groq.Url.ToString().TrimEnd('/')));
        Assert.Equal(("gsk-1", "mixtral", "llama3-8b", 2.5, 2), (groq.Key, groq.Smart, groq.Fast, groq.Weight, groq.Priority));
        Assert.Equal(["a", "b", "c"], groq.Models);
        Assert.Equal(TimeSpan.FromSeconds(7), groq.Timeouts.FirstToken);
        Assert.Equal(TimeSpan.FromMinutes(10), groq.Timeouts.Total);
        Assert.Equal(("weighted", false, 1), (options.Rotation, options.RetryFailed, options.MaxRetries));
    }

    [Fact]
    public void Read_NumberedAccounts_AreSeparateProvidersOfTheInferredType()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["AI_OPENROUTER1_KEY"] = "k1",
            ["AI_OPENROUTER2_KEY"] = "k2",
            ["AI_OPENROUTER2_ENABLED"] = "false",
            ["AI_MYLLM_URL"] = "http://127.0.0.1:1/v1",
        });

        Assert.Equal(["myllm", "openrouter1", "openrouter2"], options.Providers.Select(p => p.Name));
        Assert.Equal(["custom", "openrouter", "openrouter"], options.Providers.Select(p => p.Type));
        Assert.False(options.Providers[2].Enabled);
    }

    [Fact]
    public void Read_LegacyOpenAIVariables_BecomeOneOpenAIProvider()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "sk-legacy",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:5/v1/",
            ["SMART_LLM"] = "gpt-4.1",
            ["FAST_LLM"] = "gpt-4o-mini",
        });

        var openai = Assert.Single(options.Providers);
        Assert.Equal(("openai", "openai", "sk-legacy", "gpt-4.1", "gpt-4o-mini"), (openai.Name, openai.Type, openai.Key, openai.Smart, openai.Fast));
        Assert.Equal("http://127.0.0.1:5/v1", openai.Url.ToString().TrimEnd('/'));
    }

    [Fact]
    public void Read_AiOpenAIVariables_WinOverLegacyOnes()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "sk-legacy",
            ["AI_OPENAI_KEY"] = "sk-new",
            ["SMART_LLM"] = "old-smart",
        });

        var openai = Assert.Single(options.Providers);
        Assert.Equal(("sk-new", "old-smart"), (openai.Key, openai.Smart));
    }

    [Fact]
    public void Read_RedisVariable_IsNotAProvider()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_REDIS_URL"] = "redis://x" });
        Assert.Empty(options.Providers);
    }

    [Theory]
    [InlineData("AI_ROTATION", "sideways", "AI_ROTATION: unknown rotation 'sideways'")]
    [InlineData("AI_GROQ_WEIGHT", "heavy", "AI_GROQ_WEIGHT: weight must be a positive number")]
    [InlineData("AI_GROQ_WEIGHT", "0", "AI_GROQ_WEIGHT: weight must be a positive number")]
    [InlineData("AI_GROQ_WEIGHT", "-2", "AI_GROQ_WEIGHT: weight must be a positive number")]
    [InlineData("AI_GROQ_URL", "api.groq.com/v1", "AI_GROQ_URL: 'api.groq.com/v1' is not an absolute http(s) URL")]
    [InlineData("AI_MAX_RETRIES", "many", "AI_MAX_RETRIES: 'many' is not a whole number")]
    [InlineData("AI_RETRY_FAILED", "maybe", "AI_RETRY_FAILED: 'maybe' is not true or false")]
    [InlineData("AI_GROQ_TYPE", "martian", "AI_GROQ_TYPE: unknown provider type 'martian'")]
    [InlineData("AI_GROQ_IDLE_TIMEOUT", "-1", "AI_GROQ_IDLE_TIMEOUT: '-1' is not a positive number of seconds")]
    public void Read_BadValue_FailsNamingTheVariable(string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string?> { ["AI_GROQ_KEY"] = "k", [variable] = value };

        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(environment: environment));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SeveralProblems_AreAllReported()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["AI_ROTATION"] = "nope",
            ["AI_GROQ_KEY"] = "k",
            ["AI_GROQ_WEIGHT"] = "x",
            ["AI_OPENAI_SMART"] = "gpt",
        }));

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("AI_OPENAI_KEY:", StringComparison.Ordinal));
        Assert.Contains("AI_ROTATION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AppSettingsProblem_NamesTheConfigurationKey()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Providers:local:Url"] = "not a url",
        }));

        Assert.StartsWith("Gateway:Providers:local:Url:", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DisabledProviderWithoutKey_IsAccepted()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_OPENAI_ENABLED"] = "false" });
        Assert.False(Assert.Single(options.Providers).Enabled);
    }

    [Fact]
    public void Read_AzureWithoutUrl_Fails()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_AZURE_KEY"] = "k" }));
        Assert.StartsWith("AI_AZURE_URL:", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Aliases_MapToTiers()
    {
        var options = TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Aliases:best"] = "SMART" });
        Assert.Equal(ModelTier.Smart, options.Aliases["BEST"]);
    }
}
