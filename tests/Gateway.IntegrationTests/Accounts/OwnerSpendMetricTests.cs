using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>The owner spend counter on /metrics: a series for each owner listed in <c>Gateway:Metrics:OwnerLabels</c>, everyone else as <c>other</c>.</summary>
public sealed class OwnerSpendMetricTests(ITestOutputHelper output)
{
    [Fact]
    public async Task OwnerSpend_ListedOwnerHasItsSeries_UnlistedOwnerOnlyInOther()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-owner-metric-").FullName, "data");
        var env = upstreams.Environment(("AI_CLIENT_KEYS", $"owner:alice:{LimitsFixture.Key},owner:bob:bob-secret-0001"), ("AI_ADMIN_KEY", StoreBackend.AdminKey));
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false, ("Gateway:Metrics:OwnerLabels:0", "alice")));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(200, (int)(await gateway.Client.ExchangeAsync(Http.Chat(bearer: LimitsFixture.Key))).Response.StatusCode);
        }

        Assert.Equal(200, (int)(await gateway.Client.ExchangeAsync(Http.Chat(bearer: "bob-secret-0001"))).Response.StatusCode);

        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        output.WriteLine(string.Join('\n', metrics.Samples.Keys.Where(k => k.StartsWith("gateway_owner_", StringComparison.Ordinal))));
        // FakeUpstream reports 5 + 3 tokens per answer, priced at $100 per million each way: $0.0008 an answer.
        Assert.Equal(0.0016, metrics["gateway_owner_spend_usd_total{owner=\"alice\"}"], 9);
        Assert.Equal(16, metrics["gateway_owner_tokens_total{owner=\"alice\"}"]);
        Assert.Equal(0.0008, metrics["gateway_owner_spend_usd_total{owner=\"other\"}"], 9);
        Assert.DoesNotContain(metrics.Samples.Keys, k => k.Contains("owner=\"bob\"", StringComparison.Ordinal));
    }
}
