using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Probing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// Active probes (<c>Gateway:Probes</c>) over real sockets on the manual clock: a standby provider (a failover target
/// that normal traffic never reaches) is checked with <c>GET /models</c> at the interval; when it goes down its circuit
/// opens before any request needs it, when it recovers a passing probe closes it again, and two replicas on one real
/// Redis probe once per interval between them.
/// </summary>
public sealed class ActiveProbeTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private Upstreams _upstreams = null!;
    private FakeUpstreamServer _standby = null!;
    private bool _standbyStopped;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _standby = await FakeUpstreamServer.StartAsync("b");
    }

    public async Task DisposeAsync()
    {
        await _upstreams.DisposeAsync();
        if (!_standbyStopped)
        {
            await _standby.DisposeAsync();
        }
    }

    /// <summary>a is the primary (priority 1), b the standby (priority 2): failover rotation, probes every 10 s, idle after 60 s.</summary>
    private Task<GatewayHost> StartAsync(ManualClock clock, params (string Key, string? Value)[] settings) =>
        GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_URL", _standby.BaseUrl), ("AI_B_TYPE", "custom"),
                ("AI_B_KEY", "key-b"), ("AI_B_SMART", "b-smart"), ("AI_B_PRIORITY", "2")),
            settings: new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            {
                ["Gateway:Probes:IntervalSeconds"] = "10",
                ["Gateway:Probes:IdleSeconds"] = "60",
                ["Gateway:Health:OpenCooldownSeconds"] = "5",
            },
            time: clock);

    private static ProviderHealthSnapshot HealthOf(GatewayHost gateway, string provider) =>
        gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == provider);

    private static async Task UntilAsync(Func<bool> condition, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string what = "")
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), what);
    }

    /// <summary>Moves the clock one interval on and waits until every replica has finished that round.</summary>
    private static async Task NextRoundAsync(ManualClock clock, params GatewayHost[] replicas)
    {
        var probes = replicas.Select(r => r.Services.GetRequiredService<ActiveProbes>()).ToArray();
        // The probes start in the background: a clock moved before their timer exists would move no round.
        await Task.WhenAll(probes.Select(p => p.Started)).WaitAsync(TimeSpan.FromSeconds(10));
        var before = probes.Select(p => p.Decided).ToArray();
        clock.Advance(Interval);
        for (var i = 0; i < 500 && !probes.Select((p, i) => p.Decided > before[i]).All(done => done); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(probes.Select((p, i) => p.Decided > before[i]).All(done => done),
            "the round did not end; the last log lines:\n" + string.Join("\n", replicas.SelectMany(r => r.Logs.Lines.TakeLast(15))));
    }

    private int StandbyPosts => _standby.Received.Count(r => r.Method == "POST");

    [Fact]
    public async Task StandbyThatGoesDown_IsMarkedBeforeAnyRequestNeedsIt()
    {
        var clock = new ManualClock();
        await using var gateway = await StartAsync(clock);

        // Traffic goes to a (priority 1); b, the failover target, sees none.
        for (var i = 0; i < 3; i++)
        {
            var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Equal("a", response.Header("x-gateway-provider"));
        }

        await NextRoundAsync(clock, gateway); // a was used just now: only b is probed
        Assert.Equal(("GET", "/v1/models"), (_standby.Received.Single().Method, _standby.Received.Single().Path));
        Assert.Equal(0, _upstreams["a"].Received.Count(r => r.Method == "GET"));
        Assert.Equal((CircuitState.Closed, 0), (HealthOf(gateway, "b").Circuit, HealthOf(gateway, "b").ConsecutiveFailures));
        Assert.Null(HealthOf(gateway, "b").AverageLatencyMs); // a model list's speed is not a completion's

        await _standby.DisposeAsync(); // the standby goes down: connection refused
        _standbyStopped = true;
        await NextRoundAsync(clock, gateway); // one failed probe opens the circuit (a direct check, not one request among many)
        Assert.Equal((CircuitState.Open, 1), (HealthOf(gateway, "b").Circuit, HealthOf(gateway, "b").ConsecutiveFailures));
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("Active probe of b failed (connect)", StringComparison.Ordinal));

        // Known bad before it was needed: no request was ever sent to it, and the primary's traffic never probed.
        Assert.Equal(0, StandbyPosts);
        Assert.Equal(0, _upstreams["a"].Received.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task StandbyAnswering500_OpensThenARecoveredStandbyComesBack()
    {
        var clock = new ManualClock();
        await using var gateway = await StartAsync(clock);
        _standby.ModelsStatus = 500;

        await NextRoundAsync(clock, gateway);
        Assert.Equal(CircuitState.Open, HealthOf(gateway, "b").Circuit);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("Active probe of b failed (server_error)", StringComparison.Ordinal));

        // b recovers: after its cooldown the next round's probe takes the half-open turn, passes, and closes the circuit.
        _standby.ModelsStatus = null;
        var probesBefore = _standby.RequestCount;
        await NextRoundAsync(clock, gateway);
        Assert.Equal(probesBefore + 1, _standby.RequestCount);
        Assert.Equal((CircuitState.Closed, 0), (HealthOf(gateway, "b").Circuit, HealthOf(gateway, "b").ConsecutiveFailures));

        // And it serves the next failover.
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal("b", response.Header("x-gateway-provider"));
    }

    [Fact]
    public async Task ProbesOff_ByDefault()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_B_URL", _standby.BaseUrl), ("AI_B_TYPE", "custom"), ("AI_B_KEY", "key-b"), ("AI_B_SMART", "b-smart")), time: new ManualClock());
        Assert.Null(gateway.Services.GetService<ActiveProbes>());
    }

    [Fact]
    public async Task TwoReplicasOnOneRedis_OnlyOneProbesPerInterval()
    {
        var prefix = $"probe{Guid.NewGuid():N}:";
        var clock = new ManualClock();
        (string, string?)[] redis = [("Gateway:Redis:ConnectionString", fixture.Server.Url), ("Gateway:Redis:KeyPrefix", prefix)];
        await using var first = await StartAsync(clock, redis);
        await using var second = await StartAsync(clock, redis);
        await UntilAsync(() => first.Services.GetRequiredService<Gateway.Redis.SharedRedis>().IsConnected
            && second.Services.GetRequiredService<Gateway.Redis.SharedRedis>().IsConnected);

        for (var round = 1; round <= 4; round++)
        {
            await NextRoundAsync(clock, first, second);
            Assert.Equal(round, _standby.Received.Count(r => r.Method == "GET")); // one probe of b per interval, not two
            Assert.Equal(round, _upstreams["a"].Received.Count(r => r.Method == "GET")); // a is idle too (no traffic)
        }

        var (one, two) = (first.Services.GetRequiredService<ActiveProbes>(), second.Services.GetRequiredService<ActiveProbes>());
        Assert.Equal(4, one.Rounds + two.Rounds);
        Assert.Equal(8, one.Sent + two.Sent);

        // A failure seen by the replica that probed reaches the other through the shared store.
        _standby.ModelsStatus = 503;
        await NextRoundAsync(clock, first, second);
        await UntilAsync(() => HealthOf(first, "b").Circuit == CircuitState.Open && HealthOf(second, "b").Circuit == CircuitState.Open);
    }
}
