using Gateway.Configuration;
using Gateway.Selection;

namespace Gateway.Tests.Selection;

public sealed class RecentDecisionsTests
{
    private static RoutingDecision Decision(int i) =>
        new($"req-{i}", DateTimeOffset.UnixEpoch.AddSeconds(i), "smart", "tier:smart", "failover", "rotation", "a", 200, 1, false, false, [new("a", "served", "rank 1 by failover")]);

    private static RecentDecisions Ring(int capacity) => new(new GatewayOptions { Selection = new SelectionOptions { RecentDecisions = capacity } });

    [Fact]
    public void KeepsTheNewest_NewestFirst_AcrossTheWrap()
    {
        var ring = Ring(3);
        Assert.Empty(ring.Newest());
        ring.Add(Decision(1));
        ring.Add(Decision(2));
        Assert.Equal(["req-2", "req-1"], ring.Newest().Select(d => d.RequestId));
        for (var i = 3; i <= 7; i++)
        {
            ring.Add(Decision(i));
        }

        Assert.Equal(["req-7", "req-6", "req-5"], ring.Newest().Select(d => d.RequestId));
    }

    [Fact]
    public void ZeroCapacity_KeepsNothing()
    {
        var ring = Ring(0);
        Assert.False(ring.Enabled);
        ring.Add(Decision(1));
        Assert.Empty(ring.Newest());
    }

    [Fact]
    public void ConcurrentAdds_NeverTearTheRing()
    {
        var ring = Ring(16);
        Parallel.For(0, 2000, i => ring.Add(Decision(i)));
        var newest = ring.Newest();
        Assert.Equal(16, newest.Count);
        Assert.All(newest, Assert.NotNull);
        Assert.Equal(16, newest.Select(d => d.RequestId).Distinct().Count());
    }
}
