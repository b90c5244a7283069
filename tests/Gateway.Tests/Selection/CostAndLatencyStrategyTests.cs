using System.Globalization;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Usage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Selection;

/// <summary>The <c>cost</c> and <c>latency</c> strategies: order, ties, health, exploration share (fixed randomness, manual clock).</summary>
public sealed class CostAndLatencyStrategyTests
{
    private sealed record Setup(GatewayOptions Options, CandidateSet Set, InMemoryHealthStore Health, ManualClock Time);

    /// <summary>Providers a, b, c, ... each with (multiplier, weight, smart-tier model); requests ask for the smart tier.</summary>
    private static Setup Create(Dictionary<string, string?>? settings, params (string Name, double Multiplier, double Weight, string Model)[] providers)
    {
        var env = new Dictionary<string, string?>();
        foreach (var (name, multiplier, weight, model) in providers)
        {
            var upper = name.ToUpperInvariant();
            env[$"AI_{upper}_URL"] = "http://127.0.0.1:9/v1";
            env[$"AI_{upper}_COST_MULTIPLIER"] = multiplier.ToString(CultureInfo.InvariantCulture);
            env[$"AI_{upper}_WEIGHT"] = weight.ToString(CultureInfo.InvariantCulture);
            env[$"AI_{upper}_SMART"] = model;
        }

        var options = TestOptions.Read(settings, env);
        var set = new RoutingTable(1, options, TestOptions.Catalog(options)).Resolve("smart", null).Candidates!;
        var time = new ManualClock();
        return new Setup(options, set, new InMemoryHealthStore(options.Health, time), time);
    }

    private static Setup Create(params (string Name, double Multiplier, double Weight, string Model)[] providers) => Create(null, providers);

    private static Setup Exploring(string share, params (string Name, double Multiplier, double Weight, string Model)[] providers) =>
        Create(new Dictionary<string, string?> { ["Gateway:Selection:LatencyExploration"] = share }, providers);

    private static string[] Plan(Setup setup, ISelectionStrategy strategy, SelectionRequest request = default) =>
        [.. new SelectionPlanner(strategy, setup.Health, NullLogger<SelectionPlanner>.Instance).Plan(setup.Set, request).Names];

    private static CostStrategy Cost(Setup setup) => new(new PriceTable(setup.Options));

    private static LatencyStrategy Latency(Setup setup, Random? random = null) => new(setup.Health, random ?? new Random(7), setup.Options);

    private static void Timed(Setup setup, string provider, double latencyMs, double? firstTokenMs = null) =>
        setup.Health.Record(provider, AttemptOutcome.Success(TimeSpan.FromMilliseconds(latencyMs), firstTokenMs is { } f ? TimeSpan.FromMilliseconds(f) : null));

    [Fact]
    public void Cost_OrdersByPriceTimesMultiplier()
    {
        var setup = Create(("a", 2, 1, "gpt-4o-mini"), ("b", 0.5, 1, "gpt-4o-mini"), ("c", 1, 1, "gpt-4o-mini"));

        Assert.Equal(["b", "c", "a"], Plan(setup, Cost(setup)));
    }

    [Fact]
    public void Cost_EqualPrices_GoByWeightThenSetOrder()
    {
        var setup = Create(("a", 1, 1, "gpt-4o-mini"), ("b", 1, 3, "gpt-4o-mini"), ("c", 1, 1, "gpt-4o-mini"));

        Assert.Equal(["b", "a", "c"], Plan(setup, Cost(setup)));
    }

    [Fact]
    public void Cost_PricesTheRequestsEstimate_ElseAOneToOneMix()
    {
        // gpt-4.1-mini: 0.40 in, 1.60 out; llama-3.3-70b-versatile: 0.59 in, 0.79 out (USD per million tokens).
        var setup = Create(("a", 1, 1, "gpt-4.1-mini"), ("b", 1, 1, "llama-3.3-70b-versatile"));

        Assert.Equal(["b", "a"], Plan(setup, Cost(setup), new SelectionRequest("smart", false)));
        Assert.Equal(["a", "b"], Plan(setup, Cost(setup), new SelectionRequest("smart", false, InputTokens: 10_000, OutputTokens: 10)));
        Assert.Equal(["b", "a"], Plan(setup, Cost(setup), new SelectionRequest("smart", false, InputTokens: 100, OutputTokens: 4_000)));
    }

    [Fact]
    public void Cost_ModelWithoutAPrice_ComesAfterThePricedOnes()
    {
        var setup = Create(("a", 1, 5, "some-unpriced-model"), ("b", 3, 1, "gpt-4o"));

        Assert.Equal(["b", "a"], Plan(setup, Cost(setup)));
    }

    [Fact]
    public void Cost_CheapestWithAnOpenCircuit_IsLeftOut_AndComesBackWhenItCloses()
    {
        var setup = Create(("a", 0.5, 1, "gpt-4o-mini"), ("b", 1, 1, "gpt-4o-mini"));
        for (var i = 0; i < setup.Options.Health.FailureThreshold; i++)
        {
            setup.Health.Record("a", AttemptOutcome.Failed(FailureKind.ServerError, TimeSpan.FromMilliseconds(5)));
        }

        Assert.Equal(["b"], Plan(setup, Cost(setup)));

        setup.Time.Advance(setup.Options.Health.MaxCooldown + TimeSpan.FromSeconds(1));
        Assert.True(setup.Health.TryBeginAttempt("a"));
        setup.Health.Record("a", AttemptOutcome.Success(TimeSpan.FromMilliseconds(5)));
        Assert.Equal(["a", "b"], Plan(setup, Cost(setup)));
    }

    [Fact]
    public void Latency_WholeAnswersByLatency_StreamsByTimeToFirstToken()
    {
        var setup = Exploring("0", ("a", 1, 1, "m"), ("b", 1, 1, "m"), ("c", 1, 1, "m"));
        Timed(setup, "a", 300, firstTokenMs: 40);
        Timed(setup, "b", 120, firstTokenMs: 90);
        Timed(setup, "c", 200); // timed on whole answers only: its latency stands for its first token

        Assert.Equal(["b", "c", "a"], Plan(setup, Latency(setup), new SelectionRequest("smart", Stream: false)));
        Assert.Equal(["a", "b", "c"], Plan(setup, Latency(setup), new SelectionRequest("smart", Stream: true)));
    }

    [Fact]
    public void Latency_UnmeasuredProvider_IsTriedFirst_EqualSpeeds_GoByWeight()
    {
        var setup = Exploring("0", ("a", 1, 1, "m"), ("b", 1, 1, "m"), ("c", 1, 2, "m"));
        Timed(setup, "a", 50);
        Timed(setup, "c", 50);

        Assert.Equal(["b", "c", "a"], Plan(setup, Latency(setup)));
    }

    [Fact]
    public void Latency_FollowsTheAverage_WhenTheFastestSlowsDownAndRecovers()
    {
        var setup = Exploring("0", ("a", 1, 1, "m"), ("b", 1, 1, "m"));
        Timed(setup, "a", 20);
        Timed(setup, "b", 100);
        Assert.Equal("a", Plan(setup, Latency(setup))[0]);

        Timed(setup, "a", 500);
        Timed(setup, "a", 500);
        Assert.Equal("b", Plan(setup, Latency(setup))[0]);

        for (var i = 0; i < 10; i++)
        {
            Timed(setup, "a", 20);
        }

        Assert.Equal("a", Plan(setup, Latency(setup))[0]);
    }

    [Theory]
    [InlineData("0.05")]
    [InlineData("0.2")]
    public void Latency_ExplorationShare_OverManyDraws_IsAsConfigured(string share)
    {
        var setup = Exploring(share, ("a", 1, 1, "m"), ("b", 1, 1, "m"), ("c", 1, 1, "m"));
        Timed(setup, "a", 10);
        Timed(setup, "b", 50);
        Timed(setup, "c", 90);
        var strategy = Latency(setup, new Random(2026));

        const int Draws = 4000;
        var firsts = Enumerable.Range(0, Draws).Select(_ => Plan(setup, strategy)[0]).ToList();

        var expected = double.Parse(share, CultureInfo.InvariantCulture);
        var explored = firsts.Count(f => f != "a") / (double)Draws;
        Assert.InRange(explored, expected * 0.75, expected * 1.25);
        Assert.Contains("b", firsts);
        Assert.Contains("c", firsts);
    }

    [Fact]
    public void Latency_ExplorationMovesOneCandidateForward_TheOthersKeepTheirOrder()
    {
        var setup = Exploring("1", ("a", 1, 1, "m"), ("b", 1, 1, "m"), ("c", 1, 1, "m"), ("d", 1, 1, "m"));
        Timed(setup, "a", 10);
        Timed(setup, "b", 20);
        Timed(setup, "c", 30);
        Timed(setup, "d", 40);
        var strategy = Latency(setup, new Random(1));

        var plans = Enumerable.Range(0, 50).Select(_ => Plan(setup, strategy)).ToList();

        Assert.All(plans, p => Assert.NotEqual("a", p[0]));
        Assert.All(plans, p => Assert.Equal(new[] { "a", "b", "c", "d" }.Where(n => n != p[0]), p.Skip(1)));
    }

    [Theory]
    [InlineData("cost")]
    [InlineData("latency")]
    public void Rotation_AcceptsTheNewStrategies(string rotation) =>
        Assert.Equal(rotation, TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_ROTATION"] = rotation }).Rotation);

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    [InlineData("lots")]
    public void LatencyExploration_OutOfRange_FailsStartUp(string value)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Selection:LatencyExploration"] = value }));
        Assert.Contains("LatencyExploration", error.Message, StringComparison.Ordinal);
    }
}
