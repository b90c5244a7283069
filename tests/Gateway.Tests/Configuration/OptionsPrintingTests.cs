namespace Gateway.Tests.Configuration;

public sealed class OptionsPrintingTests
{
    [Fact]
    public void ToString_OfEveryOptionsRecord_ShowsNoSecret()
    {
        var options = TestOptions.Read(
            settings: new Dictionary<string, string?>
            {
                ["Gateway:ClientKeys"] = "client-secret-1",
                ["Gateway:AdminKey"] = "admin-secret-2-0123456789abcdef",
                ["Gateway:Metrics:BearerToken"] = "scrape-secret-3",
                ["Gateway:Redis:ConnectionString"] = "redis://:redis-secret-4@127.0.0.1:6379",
            },
            environment: new Dictionary<string, string?> { ["AI_OPENAI_KEY"] = "sk-provider-secret-5" });

        var printed = options.ToString() + options.Providers.Single() + options.Metrics + options.Redis;

        Assert.Contains("openai", printed, StringComparison.Ordinal);
        Assert.Contains("(set, not shown)", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", printed, StringComparison.Ordinal);
    }
}
