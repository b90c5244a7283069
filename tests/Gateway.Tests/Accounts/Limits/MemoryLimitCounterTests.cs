using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Xunit;

namespace Gateway.Tests.Accounts.Limits;

public sealed class MemoryLimitCounterTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Reserve_UnloadedScope_AsksForTheLedger()
    {
        var counter = new MemoryLimitCounter(_clock);
        var result = await counter.ReserveAsync(Plan(new LimitSet { RequestsPerMinute = 2 }, 10, 100));
        Assert.Equal("k:key1", result.MissingScope);
    }

    [Fact]
    public async Task Reserve_RequestsPerMinute_RefusesTheThirdUntilTheNextMinute()
    {
        var counter = await LoadedAsync();
        var limits = new LimitSet { RequestsPerMinute = 2 };
        Assert.True((await counter.ReserveAsync(Plan(limits, 10, 100))).Admitted);
        Assert.True((await counter.ReserveAsync(Plan(limits, 10, 100))).Admitted);
        var third = await counter.ReserveAsync(Plan(limits, 10, 100));
        Assert.False(third.Admitted);
        Assert.Equal(LimitKind.RequestsPerMinute, third.Refused!.Kind);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await counter.ReserveAsync(Plan(limits, 10, 100))).Admitted);
    }

    [Fact]
    public async Task Settle_ReplacesTheEstimateByTheUse_SoTheBudgetAdmitsMore()
    {
        var counter = await LoadedAsync();
        var limits = new LimitSet { UsdPerDay = 0.001m }; // 1000 micro-USD
        var first = Plan(limits, 10, 600);
        Assert.True((await counter.ReserveAsync(first)).Admitted);
        Assert.False((await counter.ReserveAsync(Plan(limits, 10, 600))).Admitted); // 600 + 600 > 1000

        await counter.SettleAsync(first, 5, 100);
        var second = await counter.ReserveAsync(Plan(limits, 10, 600));
        Assert.True(second.Admitted);
        Assert.Equal(700, second.Counters[0]);
        Assert.Equal(1, counter.Outstanding);
    }

    [Fact]
    public async Task Settle_OfAFailedRequest_RefundsEverythingButTheRequest()
    {
        var counter = await LoadedAsync();
        var limits = new LimitSet { TokensPerDay = 100, RequestsPerMinute = 10 };
        var reservation = Plan(limits, 60, 0);
        Assert.True((await counter.ReserveAsync(reservation)).Admitted);
        await counter.SettleAsync(reservation, 0, 0);
        var next = await counter.ReserveAsync(Plan(limits, 100, 0));
        Assert.True(next.Admitted);
        Assert.Equal(2, next.Counters[0]); // requests stay counted: the request was made
        Assert.Equal(100, next.Counters[1]);
    }

    [Fact]
    public async Task Reservation_NeverSettled_LapsesAfterItsTtl()
    {
        var counter = await LoadedAsync();
        var limits = new LimitSet { TokensPerDay = 100 };
        Assert.True((await counter.ReserveAsync(Plan(limits, 100, 0))).Admitted);
        Assert.False((await counter.ReserveAsync(Plan(limits, 1, 0))).Admitted);

        _clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        Assert.True((await counter.ReserveAsync(Plan(limits, 100, 0))).Admitted);
        Assert.Equal(1, counter.Outstanding);
    }

    [Fact]
    public async Task Settle_AfterTheReservationLapsed_AddsTheUseInFull()
    {
        var counter = await LoadedAsync();
        var limits = new LimitSet { TokensPerDay = 100 };
        var late = Plan(limits, 50, 0);
        Assert.True((await counter.ReserveAsync(late)).Admitted);
        _clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        Assert.True((await counter.ReserveAsync(Plan(limits, 10, 0))).Admitted); // sweeps the lapsed one: 10
        await counter.SettleAsync(late, 30, 0); // 40
        Assert.False((await counter.ReserveAsync(Plan(limits, 61, 0))).Admitted);
        Assert.True((await counter.ReserveAsync(Plan(limits, 60, 0))).Admitted);
    }

    [Fact]
    public async Task Load_FromTheLedger_CountsBeforeTheFirstReservation()
    {
        var counter = new MemoryLimitCounter(_clock);
        var limits = new LimitSet { UsdPerDay = 0.001m };
        var reservation = Plan(limits, 1, 100);
        await counter.LoadAsync(reservation.Tag, "k:key1", LimitPlanner.Loaded(reservation.Tag, "k:key1", _clock.GetUtcNow(), 0, 950, 0, 950));
        Assert.False((await counter.ReserveAsync(reservation)).Admitted);
        Assert.True((await counter.ReserveAsync(Plan(limits, 1, 50))).Admitted);
    }

    [Fact]
    public async Task Reserve_KeyAndOwner_RefusedByEitherAndNothingHeld()
    {
        var counter = new MemoryLimitCounter(_clock);
        var owner = new LimitSet { TokensPerDay = 100 };
        var key = new LimitSet { TokensPerDay = 1000 };
        var reservation = LimitPlanner.Plan("key1", "alice", key, owner, 80, 0, _clock.GetUtcNow(), Ttl);
        foreach (var scope in reservation.Scopes)
        {
            await counter.LoadAsync(reservation.Tag, scope, []);
        }

        Assert.True((await counter.ReserveAsync(reservation)).Admitted);
        var refused = await counter.ReserveAsync(LimitPlanner.Plan("key1", "alice", key, owner, 80, 0, _clock.GetUtcNow(), Ttl));
        Assert.Equal("o:alice", refused.Refused!.Scope);
        var fits = await counter.ReserveAsync(LimitPlanner.Plan("key1", "alice", key, owner, 20, 0, _clock.GetUtcNow(), Ttl));
        Assert.Equal([100L, 100L], fits.Counters);
    }

    private async Task<MemoryLimitCounter> LoadedAsync()
    {
        var counter = new MemoryLimitCounter(_clock);
        var probe = Plan(new LimitSet { RequestsPerMinute = 1 }, 0, 0);
        await counter.LoadAsync(probe.Tag, "k:key1", []);
        return counter;
    }

    private Reservation Plan(LimitSet limits, long tokens, long microUsd) => LimitPlanner.Plan("key1", null, limits, null, tokens, microUsd, _clock.GetUtcNow(), Ttl);
}
