using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Xunit;

namespace Gateway.Tests.Accounts.Limits;

public sealed class OutageBudgetTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private readonly ManualClock _clock = new();

    [Fact]
    public void Reserve_TwoReplicas_AdmitsHalfOfWhatRemained()
    {
        var budget = new OutageBudget(_clock);
        var limits = new LimitSet { UsdPerDay = 0.001m }; // 1000 micro-USD
        budget.Seen(Plan(limits, 100).Lines[0].Counter, 400);
        budget.Begin(replicas: 2, epoch: "e1");

        Assert.True(budget.Reserve(Plan(limits, 100)).Admitted);
        Assert.True(budget.Reserve(Plan(limits, 100)).Admitted);
        Assert.True(budget.Reserve(Plan(limits, 100)).Admitted);
        var refused = budget.Reserve(Plan(limits, 100));

        // (1000 - 400) / 2 = 300 for this replica: three of 100.
        Assert.False(refused.Admitted);
        Assert.Equal(LimitKind.UsdPerDay, refused.Refused!.Kind);
        Assert.Equal(1000, refused.Counters[0]);
    }

    [Fact]
    public void Settle_ReplacesTheEstimateByTheUse_WithinTheShare()
    {
        var budget = new OutageBudget(_clock);
        var limits = new LimitSet { UsdPerDay = 0.001m };
        budget.Seen(Plan(limits, 100).Lines[0].Counter, 400);
        budget.Begin(2, "e1");
        var held = Enumerable.Range(0, 3).Select(_ => Plan(limits, 100)).ToList();
        Assert.All(held, r => Assert.True(budget.Reserve(r).Admitted));

        foreach (var reservation in held)
        {
            budget.Settle(reservation, tokens: 1, microUsd: 50);
        }

        Assert.Equal(0, budget.Open);
        Assert.True(budget.Reserve(Plan(limits, 100)).Admitted); // 150 used of 300
        var (epoch, used) = budget.End();
        Assert.Equal("e1", epoch);
        Assert.Equal(250, Assert.Single(used).Used);
    }

    [Fact]
    public void Reserve_DayCounterNeitherSeenNorLoaded_AsksForTheLedger_ThenSharesWhatItLeft()
    {
        var budget = new OutageBudget(_clock);
        var limits = new LimitSet { UsdPerDay = 0.001m, RequestsPerMinute = 10 };
        budget.Begin(3, "e1");
        var first = Plan(limits, 100);

        Assert.Equal("k:key1", budget.Reserve(first).MissingScope);
        budget.Load(first.Tag, "k:key1", LimitPlanner.Loaded(first.Tag, "k:key1", _clock.GetUtcNow(), 0, 100, 0, 100));

        // usd: (1000 - 100) / 3 = 300; rpm: 10 / 3 = 3, never seen this minute.
        Assert.True(budget.Reserve(first).Admitted);
        Assert.True(budget.Reserve(Plan(limits, 100)).Admitted);
        Assert.True(budget.Reserve(Plan(limits, 100)).Admitted);
        Assert.False(budget.Reserve(Plan(limits, 1)).Admitted);
    }

    [Fact]
    public void Reserve_SeenLongAgo_AsksForTheLedger()
    {
        var budget = new OutageBudget(_clock);
        var limits = new LimitSet { UsdPerDay = 0.001m };
        budget.Seen(Plan(limits, 100).Lines[0].Counter, 400);
        _clock.Advance(OutageBudget.SeenFor + TimeSpan.FromSeconds(1));
        budget.Begin(2, "e1");

        Assert.Equal("k:key1", budget.Reserve(Plan(limits, 100)).MissingScope);
    }

    [Fact]
    public void Settle_OfAnEndedOutage_CountsNowhere()
    {
        var budget = new OutageBudget(_clock);
        var limits = new LimitSet { RequestsPerMinute = 4 };
        budget.Begin(1, "e1");
        var held = Plan(limits, 100);
        Assert.True(budget.Reserve(held).Admitted);
        budget.End();
        budget.Begin(1, "e1");

        budget.Settle(held, 1, 1);

        Assert.Equal(0, budget.Open);
        Assert.Empty(budget.End().Used);
    }

    private Reservation Plan(LimitSet limits, long microUsd) => LimitPlanner.Plan("key1", null, limits, null, 10, microUsd, _clock.GetUtcNow(), Ttl);
}
