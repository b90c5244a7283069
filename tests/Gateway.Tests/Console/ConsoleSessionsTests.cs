using Gateway.WebConsole;

namespace Gateway.Tests.Console;

public sealed class ConsoleSessionsTests
{
    private readonly ManualClock _time = new();

    [Fact]
    public void Touch_WithinIdleTimeout_KeepsTheSessionAndRestartsItsClock()
    {
        var sessions = CreateSut();
        var session = sessions.Create(new ConsoleIdentity(true, null, "admin"));

        _time.Advance(ConsoleSessions.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.Same(session, sessions.Touch(session.Id));
        _time.Advance(ConsoleSessions.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.Same(session, sessions.Touch(session.Id));
    }

    [Fact]
    public void Touch_AfterIdleTimeout_ForgetsTheSession()
    {
        var sessions = CreateSut();
        var session = sessions.Create(new ConsoleIdentity(false, "alice", "0123456789ab"));

        _time.Advance(ConsoleSessions.IdleTimeout);
        Assert.Null(sessions.Touch(session.Id));
        _time.Advance(-ConsoleSessions.IdleTimeout);
        Assert.Null(sessions.Touch(session.Id));
    }

    [Fact]
    public void Create_TokensAreRandomAndDistinct_AndRemoveEndsTheSession()
    {
        var sessions = CreateSut();
        var a = sessions.Create(new ConsoleIdentity(true, null, "admin"));
        var b = sessions.Create(new ConsoleIdentity(true, null, "admin"));

        Assert.Equal(43, a.Id.Length);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(a.Id, a.CsrfToken);
        sessions.Remove(a.Id);
        Assert.Null(sessions.Touch(a.Id));
        Assert.Null(sessions.Touch(""));
        Assert.Same(b, sessions.Touch(b.Id));
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abd", "abc", false)]
    [InlineData("", "", false)]
    [InlineData("ab", "abc", false)]
    public void TokensMatch_ComparesWholeTokens(string presented, string expected, bool match) =>
        Assert.Equal(match, ConsoleGuard.TokensMatch(presented, expected));

    [Fact]
    public void Touch_WhenTheKeyNoLongerHolds_EndsTheSession()
    {
        var valid = true;
        var sessions = new ConsoleSessions(_time, _ => valid);
        var session = sessions.Create(new ConsoleIdentity(false, "alice", "0123456789ab", [1, 2, 3]));
        Assert.Same(session, sessions.Touch(session.Id));

        valid = false;
        Assert.Null(sessions.Touch(session.Id));
        valid = true;
        Assert.Null(sessions.Touch(session.Id));
    }

    private ConsoleSessions CreateSut() => new(_time, _ => true);
}
