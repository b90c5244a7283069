using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// The attempt's phase timeouts on a manual clock: the attempt is cancelled exactly when the last phase armed ends, the
/// provider's cap passes or the request's deadline does, and a disposed timer leaves nothing behind.
/// </summary>
public sealed class AttemptTimerTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(10);
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Arm_AgainBeforeThePhaseEnds_MovesTheEnd_TheTimerFollowsIt()
    {
        using var timer = new AttemptTimer(CancellationToken.None, Cap, new CancellationSources(_clock));
        timer.Arm(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(3));
        timer.Arm(TimeSpan.FromSeconds(5)); // a chunk came: the idle gap starts again, ending at 8 s

        _clock.Advance(TimeSpan.FromSeconds(4)); // 7 s: past the first end, before the second
        Assert.False(timer.Token.IsCancellationRequested);
        Assert.Equal("1 s", _clock.PendingTimers());

        _clock.Advance(TimeSpan.FromSeconds(1)); // 8 s
        Assert.True(timer.Token.IsCancellationRequested);
        Assert.False(timer.IsTotal);
    }

    [Fact]
    public void Arm_AShorterPhase_MovesTheTimerSooner()
    {
        using var timer = new AttemptTimer(CancellationToken.None, Cap, new CancellationSources(_clock));
        timer.Arm(TimeSpan.FromSeconds(60)); // first token
        _clock.Advance(TimeSpan.FromSeconds(1));
        timer.Arm(TimeSpan.FromSeconds(5)); // then an idle gap of 5 s

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(timer.Token.IsCancellationRequested);
    }

    [Fact]
    public void Arm_BeyondTheProvidersCap_EndsAtTheCap_AsATotal()
    {
        using var timer = new AttemptTimer(CancellationToken.None, TimeSpan.FromSeconds(10), new CancellationSources(_clock));
        timer.Arm(TimeSpan.FromSeconds(60));
        _clock.Advance(TimeSpan.FromSeconds(8));
        timer.Arm(TimeSpan.FromSeconds(60));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(timer.Token.IsCancellationRequested);
        Assert.True(timer.IsTotal);
    }

    [Fact]
    public void TheRequestsDeadline_CancelsTheAttempt_AsATotal()
    {
        using var deadline = new CancellationTokenSource();
        using var timer = new AttemptTimer(deadline.Token, Cap, new CancellationSources(_clock));
        timer.Arm(TimeSpan.FromSeconds(60));

        deadline.Cancel();

        Assert.True(timer.Token.IsCancellationRequested);
        Assert.True(timer.IsTotal);
    }

    [Fact]
    public void Disposed_BeforeItsTimerFallsDue_CancelsNothing_AndLeavesNoTimer()
    {
        var timer = new AttemptTimer(CancellationToken.None, Cap, new CancellationSources(_clock));
        timer.Arm(TimeSpan.FromSeconds(1));
        var token = timer.Token;

        timer.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(token.IsCancellationRequested);
        Assert.Equal("", _clock.PendingTimers());
    }
}
