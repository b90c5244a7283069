using Gateway.WebConsole;

namespace Gateway.Tests.Console;

public sealed class OpenRouterReturnsTests
{
    private readonly ManualClock _time = new();
    private readonly ConsoleSession _session = new("session-id", new ConsoleIdentity(false, "alice", "0123456789ab"), "csrf", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Take_StateAndBinding_GiveTheConnectOnce()
    {
        var returns = CreateSut();
        var binding = returns.Begin("state-1", _session, "alice", "alice:0123456789ab");

        var pending = returns.Take("state-1", binding);

        Assert.Equal(("session-id", "alice", "alice:0123456789ab"), (pending!.SessionId, pending.Owner, pending.Actor));
        Assert.DoesNotContain(binding, Convert.ToBase64String(pending.BindingHash), StringComparison.Ordinal);
        Assert.Null(returns.Take("state-1", binding));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("another-browsers-binding")]
    public void Take_WithoutTheRightBinding_IsNull_AndSpendsTheState(string? presented)
    {
        var returns = CreateSut();
        var binding = returns.Begin("state-1", _session, "alice", "alice");

        Assert.Null(returns.Take("state-1", presented));
        Assert.Null(returns.Take("state-1", binding));
    }

    [Fact]
    public void Take_AnotherState_IsNull_AndLeavesTheConnect()
    {
        var returns = CreateSut();
        var binding = returns.Begin("state-1", _session, "alice", "alice");

        Assert.Null(returns.Take("state-2", binding));
        Assert.Null(returns.Take(null, binding));
        Assert.NotNull(returns.Take("state-1", binding));
    }

    [Fact]
    public void Take_AfterTheLifetime_IsNull()
    {
        var returns = CreateSut();
        var early = returns.Begin("state-1", _session, "alice", "alice");
        var late = returns.Begin("state-2", _session, "alice", "alice");

        _time.Advance(OpenRouterReturns.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(returns.Take("state-1", early));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(returns.Take("state-2", late));
        Assert.Equal(TimeSpan.FromMinutes(10), OpenRouterReturns.Lifetime);
    }

    private OpenRouterReturns CreateSut() => new(_time);
}
