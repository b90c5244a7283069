using Gateway.Configuration;
using Gateway.Health;

namespace Gateway.Tests.Health;

/// <summary>
/// A provider that is down for a while and then healthy gets its traffic back soon after it recovers, whatever the
/// instant of recovery relative to the probes: the cooldown's growth is capped (<see cref="HealthOptions.MaxCooldown"/>).
/// </summary>
public sealed class CircuitRecoveryTests
{
    private static readonly TimeSpan RequestGap = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Outage60s_DefaultOptions_BackWithin30sOfRecovery_ForEveryRecoveryInstant()
    {
        Assert.InRange(WorstTimeToTrafficBack(new HealthOptions()), TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Outage60s_DoublingUpToFiveMinutes_CanMissByMilliseconds_AndStayOutMuchLonger()
    {
        // The old default: a probe that fails just before recovery doubles the cooldown (40 s, then 80 s).
        var worst = WorstTimeToTrafficBack(new HealthOptions { MaxCooldown = TimeSpan.FromMinutes(5) });

        Assert.True(worst > TimeSpan.FromSeconds(30), $"back after {worst}");
    }

    /// <summary>
    /// Recovery at 60 s, shifted by every 50 ms step over 40 s (longer than a capped cooldown), so a probe that fails
    /// just before the provider recovers is among the cases; the longest wait for traffic to come back.
    /// </summary>
    private static TimeSpan WorstTimeToTrafficBack(HealthOptions options)
    {
        var worst = TimeSpan.Zero;
        for (var shift = TimeSpan.Zero; shift < TimeSpan.FromSeconds(40); shift += TimeSpan.FromMilliseconds(50))
        {
            var back = TimeToTrafficBack(options, TimeSpan.FromSeconds(60) + shift);
            worst = back > worst ? back : worst;
        }

        return worst;
    }

    /// <summary>
    /// Requests every <see cref="RequestGap"/> from t = 0; the provider fails every attempt before
    /// <paramref name="recovery"/> and succeeds after it. Returns how long after recovery its first success came.
    /// </summary>
    private static TimeSpan TimeToTrafficBack(HealthOptions options, TimeSpan recovery)
    {
        var start = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        var state = new ProviderHealthState("p", options);
        for (var t = TimeSpan.Zero; t < recovery + TimeSpan.FromMinutes(10); t += RequestGap)
        {
            var now = start + t;
            if (!state.TryBeginAttempt(now))
            {
                continue;
            }

            if (t >= recovery)
            {
                state.Record(AttemptOutcome.Success(TimeSpan.FromMilliseconds(100)), now);
                return t - recovery;
            }

            state.Record(AttemptOutcome.Failed(FailureKind.ServerError, TimeSpan.FromMilliseconds(10)), now);
        }

        throw new InvalidOperationException("never came back");
    }
}
