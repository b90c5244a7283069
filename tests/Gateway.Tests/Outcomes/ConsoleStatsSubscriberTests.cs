using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Stats;

namespace Gateway.Tests.Outcomes;

public sealed class ConsoleStatsSubscriberTests
{
    private readonly ReplicaStats _stats = new(new ManualClock());

    private ConsoleStatsSubscriber CreateSut() => new(_stats);

    [Fact]
    public void OnAttempt_AFailureThenAFailover_CountsBothAndTheFailover()
    {
        var sut = CreateSut();
        sut.OnAttempt(Record("a", AttemptEnd.Failed, attempt: 1, headers: TimeSpan.Zero, duration: TimeSpan.FromMilliseconds(800)));
        sut.OnAttempt(Record("b", AttemptEnd.Served, attempt: 2, headers: TimeSpan.FromMilliseconds(120), firstToken: TimeSpan.FromMilliseconds(300)));

        var (a, b) = (_stats.LastHour()[0], _stats.LastHour()[1]);
        Assert.Equal((0L, 1L, 0L), (a.Succeeded, a.Failed, a.Failovers));
        Assert.InRange(a.LatencyP50!.Value, 760, 840);
        Assert.Equal((1L, 0L, 1L), (b.Succeeded, b.Failed, b.Failovers));
        Assert.InRange(b.LatencyP50!.Value, 114, 126);
        Assert.InRange(b.FirstTokenP50!.Value, 285, 315);
    }

    [Theory]
    [InlineData("ClientGone")]
    [InlineData("Unsupported")]
    [InlineData("Abandoned")]
    public void OnAttempt_AnUnjudgedFirstAttempt_IsLeftOut(string end)
    {
        CreateSut().OnAttempt(Record("a", Enum.Parse<AttemptEnd>(end), attempt: 1, headers: TimeSpan.FromMilliseconds(5)));

        Assert.Empty(_stats.LastHour());
    }

    [Fact]
    public void OnAttempt_APassedBack4xx_IsAnAnswerNotAFailure()
    {
        CreateSut().OnAttempt(Record("a", AttemptEnd.PassedBack, attempt: 1, headers: TimeSpan.FromMilliseconds(5)));

        Assert.Equal(1.0, _stats.LastHour().Single().SuccessRate);
    }

    private static AttemptRecord Record(string provider, AttemptEnd end, int attempt, TimeSpan headers, TimeSpan? duration = null, TimeSpan? firstToken = null) =>
        new(end, end == AttemptEnd.Failed ? FailureKind.ServerError : FailureKind.None, provider, "m", "m", attempt, 200, headers, duration ?? headers, firstToken,
            null, null, false, firstToken is not null, "r", null, null, null);
}
