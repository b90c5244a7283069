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

    private (FirstTokenHedging Hedging, ForwardingState State, Candidate A) CreateSut(Dictionary<string, string?> settings, ReplicaStats? stats = null)
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
        body.Append("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""u8);
        Assert.True(ChatCompletionsOperation.Instance.TryParse(body.Span, out var envelope, out _));
        var request = new GatewayRequest(new DefaultHttpContext(), body, envelope, ChatCompletionsOperation.Instance, null) { Table = TestOptions.Resolver(options).Table };
        var state = new ForwardingState(request, new AttemptPlan(candidates, candidates.Length, DateTimeOffset.MaxValue, BlockReason.None));
        state.Plan.TryNext(out var a);
        var hedging = new FirstTokenHedging(options, stats ?? new ReplicaStats(_time), new GatewayMetrics(), _time, NullLogger<FirstTokenHedging>.Instance);
        return (hedging, state, a);
    }
}
