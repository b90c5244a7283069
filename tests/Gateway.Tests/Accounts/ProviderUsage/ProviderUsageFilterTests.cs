using Gateway.Accounts.ProviderUsage;
using Gateway.Contracts;
using Gateway.Providers;
using Gateway.Routing;
using Xunit;

namespace Gateway.Tests.Accounts.ProviderUsage;

/// <summary>The provider-usage candidate filter answers with a result (kept set or a 429 refusal with Retry-After), writing nothing.</summary>
public sealed class ProviderUsageFilterTests
{
    private static readonly RoutingTable Table = TestOptions.Table(TestOptions.Read(environment: new Dictionary<string, string?>
    {
        ["AI_A_URL"] = "http://127.0.0.1:1/v1",
        ["AI_B_URL"] = "http://127.0.0.1:2/v1",
    }));

    private readonly ManualTimeProvider _clock = new();

    private static CandidateQuery Query => new(Table, UpstreamOperation.ChatCompletions, ContentKinds.None);

    private (ProviderUsageFilter Filter, ProviderUsageMeter Meter) CreateSut()
    {
        var meter = new ProviderUsageMeter(_clock);
        meter.SetLimits([KeyValuePair.Create("a", 100L), KeyValuePair.Create("b", 100L)]);
        return (new ProviderUsageFilter(meter, _clock), meter);
    }

    [Fact]
    public void Apply_NobodyOver_KeepsTheSameSet()
    {
        var (sut, _) = CreateSut();
        var set = Table.Resolve("m", null).Candidates!;
        Assert.Same(set, sut.Apply(set, Query).Candidates);
    }

    [Fact]
    public void Apply_OneOver_KeepsTheOthersInASetNamedForUsage()
    {
        var (sut, meter) = CreateSut();
        meter.Add("a", 100, _clock.GetUtcNow());
        var set = Table.Resolve("m", null).Candidates!;

        var kept = sut.Apply(set, Query).Candidates!;

        Assert.Equal(["b"], kept.Candidates.ToArray().Select(c => c.Provider.Name));
        Assert.Equal(set.Name + "|usage", kept.Name);
        Assert.Same(kept, sut.Apply(set, Query).Candidates);
    }

    [Fact]
    public void Apply_EveryoneOver_Refuses429WithRetryAfterToTheMonthsEnd()
    {
        var (sut, meter) = CreateSut();
        meter.Add("a", 100, _clock.GetUtcNow());
        meter.Add("b", 100, _clock.GetUtcNow());

        var refusal = sut.Apply(Table.Resolve("m", null).Candidates!, Query).Refusal!;

        Assert.Equal((429, "usage_limit_exceeded", ErrorTypes.RateLimit), (refusal.Status, refusal.Code, refusal.Type));
        Assert.Equal("a, b", refusal.Providers);
        Assert.Equal(Math.Ceiling((meter.PeriodEnd - _clock.GetUtcNow()).TotalSeconds), refusal.RetryAfter!.Value.TotalSeconds);
    }
}
