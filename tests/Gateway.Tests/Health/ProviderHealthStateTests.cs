using Gateway.Configuration;
using Gateway.Health;

namespace Gateway.Tests.Health;

public sealed class ProviderHealthStateTests
{
    private static readonly HealthOptions Options = new()
    {
        HalfLife = TimeSpan.FromSeconds(30),
        FailureThreshold = 3,
        OpenCooldown = TimeSpan.FromSeconds(5),
        MaxCooldown = TimeSpan.FromSeconds(15),
    };

    private readonly ManualClock _clock = new();

    private InMemoryHealthStore CreateSut() => new(Options, _clock);

    private static void Fail(InMemoryHealthStore store, int times, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(store.TryBeginAttempt("p"));
            store.Record("p", AttemptOutcome.Failed(FailureKind.ServerError, TimeSpan.FromMilliseconds(10), retryAfter));
        }
    }

    [Fact]
    public void Circuit_OpensAfterThreshold_ThenHalfOpensAfterCooldown_AndClosesOnSuccess()
    {
        var store = CreateSut();
        Fail(store, 2);
        Assert.True(store.GetAvailability("p").Available);

        Fail(store, 1);
        var open = store.GetAvailability("p");
        Assert.Equal((false, BlockReason.CircuitOpen), (open.Available, open.Reason));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(5), open.BlockedUntil);
        Assert.False(store.TryBeginAttempt("p"));

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(CircuitState.HalfOpen, store.Snapshot().Single().Circuit);
        Assert.True(store.TryBeginAttempt("p"));
        Assert.False(store.TryBeginAttempt("p"));
        Assert.Equal(BlockReason.ProbeInFlight, store.GetAvailability("p").Reason);

        store.Record("p", AttemptOutcome.Success(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(CircuitState.Closed, store.Snapshot().Single().Circuit);
        Assert.True(store.TryBeginAttempt("p"));
        Assert.True(store.TryBeginAttempt("p"));
    }

    [Fact]
    public void Circuit_FailedProbes_DoubleTheCooldownUpToTheMaximum()
    {
        var store = CreateSut();
        Fail(store, 3);
        var cooldowns = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var until = store.GetAvailability("p").BlockedUntil;
            cooldowns.Add(until - _clock.GetUtcNow());
            _clock.Advance(until - _clock.GetUtcNow());
            Fail(store, 1);
        }

        Assert.Equal([5, 10, 15, 15], cooldowns.Select(c => c.TotalSeconds));
    }

    [Fact]
    public void Circuit_AfterClosing_StartsAgainFromTheFirstCooldown()
    {
        var store = CreateSut();
        Fail(store, 3);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Fail(store, 1); // failed probe: 10 s
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(store.TryBeginAttempt("p"));
        store.Record("p", AttemptOutcome.Success(TimeSpan.FromMilliseconds(5)));

        Fail(store, 3);
        Assert.Equal(TimeSpan.FromSeconds(5), store.GetAvailability("p").BlockedUntil - _clock.GetUtcNow());
    }

    [Fact]
    public void RetryAfter_CoolsTheProviderDownEvenBelowTheThreshold()
    {
        var store = CreateSut();
        Fail(store, 1, retryAfter: TimeSpan.FromSeconds(20));

        var state = store.GetAvailability("p");
        Assert.Equal((false, BlockReason.RateLimited), (state.Available, state.Reason));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(20), state.BlockedUntil);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(store.GetAvailability("p").Available);
    }

    [Fact]
    public void RetryAfter_LongerThanTheCooldown_KeepsTheCircuitOpenThatLong()
    {
        var store = CreateSut();
        Fail(store, 2);
        Fail(store, 1, retryAfter: TimeSpan.FromSeconds(12));

        Assert.Equal(CircuitState.Open, store.Snapshot().Single().Circuit);
        Assert.Equal(TimeSpan.FromSeconds(12), store.GetAvailability("p").BlockedUntil - _clock.GetUtcNow());
    }

    [Fact]
    public void Abandoned_ReleasesTheProbeWithoutJudging()
    {
        var store = CreateSut();
        Fail(store, 3);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(store.TryBeginAttempt("p"));
        store.Record("p", AttemptOutcome.Abandoned);

        Assert.Equal(CircuitState.HalfOpen, store.Snapshot().Single().Circuit);
        Assert.True(store.TryBeginAttempt("p"));
    }

    [Fact]
    public void Score_FallsWithFailures_AndRecoversAsTheyDecay()
    {
        var store = CreateSut();
        Assert.Equal(1, store.GetAvailability("p").Score);
        Assert.True(store.TryBeginAttempt("p"));
        store.Record("p", AttemptOutcome.Success(TimeSpan.FromMilliseconds(5)));
        Fail(store, 2);
        var hurt = store.GetAvailability("p").Score;
        Assert.InRange(hurt, 0.49, 0.51); // (1 + 1) / (1 + 2 + 1)

        _clock.Advance(TimeSpan.FromSeconds(30));
        var snapshot = store.Snapshot().Single();
        Assert.Equal(1.0, snapshot.DecayedFailures, 3);
        Assert.Equal(0.5, snapshot.DecayedSuccesses, 3);

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(store.GetAvailability("p").Score > 0.99);
    }

    [Fact]
    public void Score_PenalisesAProviderMuchSlowerThanTheBest()
    {
        var store = CreateSut();
        foreach (var (name, ms) in new[] { ("fast", 200), ("slow", 4000), ("cold", 1500) })
        {
            Assert.True(store.TryBeginAttempt(name));
            store.Record(name, AttemptOutcome.Success(TimeSpan.FromMilliseconds(ms)));
        }

        Assert.Equal(1, store.GetAvailability("fast").Score);
        Assert.Equal(0.5, store.GetAvailability("slow").Score, 3);
        Assert.Equal(1, store.GetAvailability("cold").Score); // under 2 s: not penalised
    }
}
