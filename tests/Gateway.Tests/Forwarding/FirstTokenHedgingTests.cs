using Gateway.Buffers;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Stats;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Forwarding;

/// <summary>When an attempt is hedged and after how long; the race itself runs over sockets (HedgingTests).</summary>
public sealed class FirstTokenHedgingTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Delay_HedgingOff_Null()
    {
        var (hedging, state, a) = CreateSut(new Dictionary<string, string?>());

        Assert.Null(hedging.Delay(state, a));
    }

    [Fact]
    public void Delay_On_TheFixedDelay_ButNotWithoutAnotherCandidate()
    {
        var (hedging, state, a) = CreateSut(new Dictionary<string, string?> { ["Gateway:Retry:Hedge:Enabled"] = "true", ["Gateway:Retry:Hedge:DelaySeconds"] = "2.5" });

        Assert.Equal(TimeSpan.FromSeconds(2.5), hedging.Delay(state, a));
        state.Plan.TryNext(out _);
        state.Plan.TryNext(out _);
        Assert.Null(hedging.Delay(state, a));
    }

    [Fact]
    public void Delay_ProviderSectionOff_OverridesTheGlobalOn()
    {
        var (hedging, state, a) = CreateSut(new Dictionary<string, string?> { ["Gateway:Retry:Hedge:Enabled"] = "true", ["Gateway:Providers:a:Hedge:Enabled"] = "false" });

        Assert.Null(hedging.Delay(state, a));
    }

    [Fact]
    public void Delay_UseP95_TheFixedDelayUntilMinSamples_ThenTheProvidersP95()
    {
        var stats = new ReplicaStats(_time);
        var (hedging, state, a) = CreateSut(
            new Dictionary<string, string?> { ["Gateway:Providers:a:Hedge:Enabled"] = "true", ["Gateway:Providers:a:Hedge:UseP95"] = "true", ["Gateway:Providers:a:Hedge:MinSamples"] = "10" },
            stats);

        Assert.Equal(TimeSpan.FromSeconds(5), hedging.Delay(state, a));
        for (var i = 0; i < 10; i++)
        {
            stats.Record("a", new AttemptSample(true, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(800), false));
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.InRange(hedging.Delay(state, a)!.Value.TotalMilliseconds, 800 * 0.95, 800 * 1.05);
    }

    [Fact]
    public void Delay_TierSection_HedgesThatTiersRequestsOnly_AndAProvidersOwnSectionComesFirst()
    {
        var tier = new Dictionary<string, string?> { ["Gateway:Retry:Hedge:Tiers:smart:Enabled"] = "true", ["Gateway:Retry:Hedge:Tiers:smart:DelaySeconds"] = "1.5" };

        var (smart, smartState, smartA) = CreateSut(tier, model: "smart");
        Assert.Equal(TimeSpan.FromSeconds(1.5), smart.Delay(smartState, smartA));
        var (fast, fastState, fastA) = CreateSut(tier, model: "fast");
        Assert.Null(fast.Delay(fastState, fastA));
        var (named, namedState, namedA) = CreateSut(tier, model: "m");
        Assert.Null(named.Delay(namedState, namedA));

        var (own, ownState, ownA) = CreateSut(new(tier) { ["Gateway:Providers:a:Hedge:Enabled"] = "false" }, model: "smart");
        Assert.Null(own.Delay(ownState, ownA));
    }

    private (FirstTokenHedging Hedging, ForwardingState State, Candidate A) CreateSut(Dictionary<string, string?> settings, ReplicaStats? stats = null, string model = "m")
    {
        var options = TestOptions.Read(settings, new Dictionary<string, string?>
        {
            ["AI_A_URL"] = "http://127.0.0.1:9/v1",
            ["AI_A_KEY"] = "k",
            ["AI_B_URL"] = "http://127.0.0.1:9/v1",
            ["AI_B_KEY"] = "k",
        });
        var providers = TestOptions.Catalog(options).Enabled;
        var candidates = providers.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new Candidate(p, "m")).ToArray();
        var body = new PooledBuffer(256);
        body.Append(System.Text.Encoding.UTF8.GetBytes($$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        Assert.True(ChatCompletionsOperation.Instance.TryParse(body.Span, out var envelope, out _));
        var request = new GatewayRequest(new DefaultHttpContext(), body, envelope, ChatCompletionsOperation.Instance, null) { Table = TestOptions.Resolver(options).Table };
        var state = new ForwardingState(request, new AttemptPlan(candidates, candidates.Length, DateTimeOffset.MaxValue, BlockReason.None));
        state.Plan.TryNext(out var a);
        var hedging = new FirstTokenHedging(options, stats ?? new ReplicaStats(_time), new GatewayMetrics(), _time, NullLogger<FirstTokenHedging>.Instance);
        return (hedging, state, a);
    }
}
