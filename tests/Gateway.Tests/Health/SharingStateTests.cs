using Gateway.Configuration;
using Gateway.Health;

namespace Gateway.Tests.Health;

/// <summary>The shared-state half of ProviderHealthState: batches, adoption, remote circuits, probe grants.</summary>
public sealed class SharingStateTests
{
    private readonly ManualClock _clock = new();
    private readonly ProviderHealthState _state = new("p", new HealthOptions { FailureThreshold = 2, OpenCooldown = TimeSpan.FromSeconds(5) });

    private void Outcome(bool success, double latencyMs = 10, double? firstTokenMs = null)
    {
        Assert.True(_state.TryBeginAttempt(_clock.GetUtcNow()));
        _state.Record(success
            ? AttemptOutcome.Success(TimeSpan.FromMilliseconds(latencyMs), firstTokenMs is null ? null : TimeSpan.FromMilliseconds(firstTokenMs.Value))
            : AttemptOutcome.Failed(FailureKind.ServerError, TimeSpan.FromMilliseconds(latencyMs)), _clock.GetUtcNow());
    }

    [Fact]
    public void TakePending_ReturnsWhatWasRecordedSinceLastTime_LatencyFromSuccessesOnly()
    {
        Outcome(true, 10, 4);
        Outcome(true, 30);
        Outcome(false);

        var batch = _state.TakePending();

        Assert.Equal((2.0, 1.0, 40.0, 2L, 4.0, 1L, 3L, 1L), (batch.Successes, batch.Failures, batch.LatencySumMs, batch.LatencyCount, batch.FirstTokenSumMs, batch.FirstTokenCount, batch.Requests, batch.Errors));
        Assert.True(_state.TakePending().IsEmpty);
    }

    [Fact]
    public void AdoptShared_UsesTheClusterCountsPlusWhatIsStillPending()
    {
        Outcome(false);
        _state.TakePending();
        Outcome(true);

        _state.AdoptShared(new SharedHealth(10, 4, 1000, 10, 0, 0, 20, 5), _clock.GetUtcNow());
        var snapshot = _state.Snapshot(_clock.GetUtcNow(), 0);

        Assert.Equal((11.0, 4.0, 21L, 5L, "shared"), (snapshot.DecayedSuccesses, snapshot.DecayedFailures, snapshot.Requests, snapshot.Errors, snapshot.Source));
        Assert.Equal(100, snapshot.AverageLatencyMs);
    }

    [Fact]
    public void AdoptCircuit_TakesOnlyNewerTransitions()
    {
        var now = _clock.GetUtcNow();
        Assert.True(_state.AdoptCircuit(CircuitState.Open, now.AddSeconds(5), TimeSpan.FromSeconds(5), now, now));
        Assert.False(_state.TryBeginAttempt(now));
        Assert.False(_state.AdoptCircuit(CircuitState.Closed, default, TimeSpan.FromSeconds(5), now.AddSeconds(-1), now));
        Assert.Equal(CircuitState.Open, _state.Circuit);

        Assert.True(_state.AdoptCircuit(CircuitState.Closed, default, TimeSpan.FromSeconds(5), now.AddSeconds(1), now));
        Assert.True(_state.TryBeginAttempt(now));
    }

    [Fact]
    public void AdoptCircuit_OpenUntilYear9999_IsClampedToMaxCooldownFromNow()
    {
        var now = _clock.GetUtcNow();

        Assert.True(_state.AdoptCircuit(CircuitState.Open, DateTimeOffset.MaxValue, TimeSpan.FromDays(3650), now, now));

        Assert.Equal((now + TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20)), (_state.OpenUntil, _state.Cooldown)); // HealthOptions.MaxCooldown
        Assert.Equal(now + TimeSpan.FromSeconds(20), _state.GetAvailability(now, 0).BlockedUntil);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(_state.TryBeginAttempt(_clock.GetUtcNow()));
    }

    [Fact]
    public void AdoptCircuit_ChangedAtBeyondTheClockSkew_IsRejected_AndDoesNotBlockLaterTransitions()
    {
        var now = _clock.GetUtcNow();

        Assert.False(_state.AdoptCircuit(CircuitState.Open, now.AddSeconds(5), TimeSpan.FromSeconds(5), now + ProviderHealthState.MaxClockSkew + TimeSpan.FromMilliseconds(1), now));
        Assert.Equal(CircuitState.Closed, _state.Circuit);

        Assert.True(_state.AdoptCircuit(CircuitState.Open, now.AddSeconds(5), TimeSpan.FromSeconds(5), now + ProviderHealthState.MaxClockSkew, now));
    }

    [Fact]
    public void HalfOpen_WithSharingOn_ProbesOnlyWithAGrant()
    {
        Outcome(false);
        Outcome(false);
        _clock.Advance(TimeSpan.FromSeconds(5));
        _state.ProbeNeedsGrant = true;

        Assert.False(_state.TryBeginAttempt(_clock.GetUtcNow()));
        Assert.Equal(BlockReason.ProbeInFlight, _state.GetAvailability(_clock.GetUtcNow(), 0).Reason);

        _state.ProbeGrantedUntil = _clock.GetUtcNow().AddSeconds(10);
        Assert.True(_state.TryBeginAttempt(_clock.GetUtcNow()));
        Assert.False(_state.TryBeginAttempt(_clock.GetUtcNow()));
    }

    [Fact]
    public void ReturnPending_KeepsABatchThatCouldNotBeMerged()
    {
        Outcome(true);
        var batch = _state.TakePending();
        Outcome(false);

        _state.ReturnPending(batch);

        var merged = _state.TakePending();
        Assert.Equal((1.0, 1.0, 2L), (merged.Successes, merged.Failures, merged.Requests));
    }
}
