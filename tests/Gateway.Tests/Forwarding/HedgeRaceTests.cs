using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class HedgeRaceTests
{
    [Fact]
    public void TryClaim_First_Wins_AndCancelsTheOther()
    {
        var race = new HedgeRace();
        using var primary = race.Join(CancellationToken.None, isHedge: false);
        using var hedge = race.Join(CancellationToken.None, isHedge: true);

        Assert.True(hedge.TryClaim());

        Assert.True(primary.Token.IsCancellationRequested);
        Assert.False(hedge.Token.IsCancellationRequested);
        Assert.Same(hedge, race.Winner);
        Assert.True(primary.Lost);
        Assert.False(hedge.Lost);
    }

    [Fact]
    public void TryClaim_Second_IsRefused_WinnerClaimsAgain()
    {
        var race = new HedgeRace();
        using var primary = race.Join(CancellationToken.None, isHedge: false);
        using var hedge = race.Join(CancellationToken.None, isHedge: true);

        Assert.True(primary.TryClaim());

        Assert.False(hedge.TryClaim());
        Assert.True(primary.TryClaim());
        Assert.True(hedge.Token.IsCancellationRequested);
    }

    [Fact]
    public void Join_AfterTheRaceIsDecided_IsCancelledAtOnce()
    {
        var race = new HedgeRace();
        using var primary = race.Join(CancellationToken.None, isHedge: false);
        Assert.True(primary.TryClaim());

        using var late = race.Join(CancellationToken.None, isHedge: true);

        Assert.True(late.Token.IsCancellationRequested);
        Assert.True(late.Lost);
    }

    [Fact]
    public void Lane_FollowsItsExecutionToken_AndNobodyLostWithoutAClaim()
    {
        var race = new HedgeRace();
        using var deadline = new CancellationTokenSource();
        using var lane = race.Join(deadline.Token, isHedge: false);

        deadline.Cancel();

        Assert.True(lane.Token.IsCancellationRequested);
        Assert.False(lane.Lost);
    }

    [Fact]
    public void TryClaim_AfterTheLoserEnded_DoesNotTouchItsDisposedSource()
    {
        var race = new HedgeRace();
        var primary = race.Join(CancellationToken.None, isHedge: false);
        using var hedge = race.Join(CancellationToken.None, isHedge: true);
        primary.Dispose();

        Assert.True(hedge.TryClaim());
    }
}
