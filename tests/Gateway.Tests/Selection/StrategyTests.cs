using Gateway.Health;
using Gateway.Routing;
using Gateway.Selection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Selection;

public sealed class StrategyTests
{
    private static (CandidateSet Set, InMemoryHealthStore Health) CreateSet(params (string Name, double Weight, int Priority)[] providers)
    {
        var env = new Dictionary<string, string?>();
        foreach (var (name, weight, priority) in providers)
        {
            env[$"AI_{name.ToUpperInvariant()}_URL"] = "http://127.0.0.1:9/v1";
            env[$"AI_{name.ToUpperInvariant()}_WEIGHT"] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env[$"AI_{name.ToUpperInvariant()}_PRIORITY"] = priority.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var options = TestOptions.Read(environment: env);
        var catalog = TestOptions.Catalog(options);
        var resolution = new RoutingTable(1, options, catalog).Resolve("any-model", null);
        return (resolution.Candidates!, new InMemoryHealthStore(options.Health, new ManualClock()));
    }

    private static List<string> Firsts(ISelectionStrategy strategy, CandidateSet set, IHealthStore health, int count)
    {
        var planner = new SelectionPlanner(strategy, health, NullLogger<SelectionPlanner>.Instance);
        return [.. Enumerable.Range(0, count).Select(_ => planner.Plan(set).Peek!.Provider.Name)];
    }

    [Fact]
    public void RoundRobin_RotatesExactly()
    {
        var (set, health) = CreateSet(("a", 1, 1), ("b", 1, 1), ("c", 1, 1));

        var firsts = Firsts(new RoundRobinStrategy(), set, health, 9);

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a", "b", "c"], firsts);
    }

    [Fact]
    public void RoundRobin_SwapToATableWithTheSameSet_KeepsThePosition()
    {
        var (set, health) = CreateSet(("a", 1, 1), ("b", 1, 1), ("c", 1, 1));
        var (rebuilt, _) = CreateSet(("a", 1, 1), ("b", 1, 1), ("c", 1, 1));
        var strategy = new RoundRobinStrategy();

        var before = Firsts(strategy, set, health, 2);
        var after = Firsts(strategy, rebuilt, health, 4);

        Assert.NotSame(set, rebuilt);
        Assert.Equal(["a", "b", "c", "a", "b", "c"], before.Concat(after));
    }

    [Fact]
    public void RoundRobin_SetWithOtherMembers_StartsItsOwnRotation()
    {
        var (set, health) = CreateSet(("a", 1, 1), ("b", 1, 1), ("c", 1, 1));
        var (grown, _) = CreateSet(("a", 1, 1), ("b", 1, 1), ("c", 1, 1), ("d", 1, 1));
        var strategy = new RoundRobinStrategy();

        Firsts(strategy, set, health, 2);

        Assert.Equal(["a", "b", "c", "d"], Firsts(strategy, grown, health, 4));
    }

    [Fact]
    public void RoundRobin_PlanContinuesAfterTheChosenProvider()
    {
        var (set, health) = CreateSet(("a", 1, 1), ("b", 1, 1), ("c", 1, 1));
        var planner = new SelectionPlanner(new RoundRobinStrategy(), health, NullLogger<SelectionPlanner>.Instance);
        planner.Plan(set);

        Assert.Equal(["b", "c", "a"], planner.Plan(set).Names);
    }

    [Fact]
    public void RoundRobin_DegradedProvider_GetsFewerTurns()
    {
        var (set, health) = CreateSet(("a", 1, 1), ("b", 1, 1));
        Assert.True(health.TryBeginAttempt("b"));
        health.Record("b", AttemptOutcome.Failed(FailureKind.ServerError, TimeSpan.Zero)); // score 0.5

        var firsts = Firsts(new RoundRobinStrategy(), set, health, 300);

        Assert.Equal(200, firsts.Count(f => f == "a"));
    }

    [Fact]
    public void Weighted_ThreeToOne_WithinAFewPercent()
    {
        var (set, health) = CreateSet(("a", 3, 1), ("b", 1, 1));

        var firsts = Firsts(new WeightedStrategy(new Random(42)), set, health, 2000);

        Assert.InRange(firsts.Count(f => f == "a") / 2000.0, 0.72, 0.78);
    }

    [Fact]
    public void Random_IgnoresWeights_AndUsesEveryProvider()
    {
        var (set, health) = CreateSet(("a", 9, 1), ("b", 1, 1));

        var firsts = Firsts(new RandomStrategy(new Random(7)), set, health, 2000);

        Assert.InRange(firsts.Count(f => f == "a") / 2000.0, 0.45, 0.55);
    }

    [Fact]
    public void Failover_OrdersByPriorityThenWeight()
    {
        var (set, health) = CreateSet(("a", 1, 2), ("b", 1, 1), ("c", 5, 2), ("d", 1, 3));
        var planner = new SelectionPlanner(new FailoverStrategy(), health, NullLogger<SelectionPlanner>.Instance);

        Assert.Equal(["b", "c", "a", "d"], planner.Plan(set).Names);
        Assert.Equal(["b", "c", "a", "d"], planner.Plan(set).Names);
    }

    [Fact]
    public void Planner_LeavesOutOpenCircuits_AndReportsTheSoonestRetry()
    {
        var (set, health) = CreateSet(("a", 1, 1), ("b", 1, 1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(health.TryBeginAttempt("a"));
            health.Record("a", AttemptOutcome.Failed(FailureKind.Connect, TimeSpan.Zero));
        }

        Assert.True(health.TryBeginAttempt("b"));
        health.Record("b", AttemptOutcome.Failed(FailureKind.RateLimited, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        var planner = new SelectionPlanner(new FailoverStrategy(), health, NullLogger<SelectionPlanner>.Instance);

        var plan = planner.Plan(set);

        Assert.Equal(0, plan.Count);
        Assert.Equal(BlockReason.RateLimited, plan.BlockedBy);
    }
}
