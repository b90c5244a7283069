using Gateway.Configuration;

namespace Gateway.Selection;

/// <summary>
/// This replica's last routing decisions (<c>Gateway:Selection:RecentDecisions</c>), a fixed ring: adding is one slot
/// write under a short lock, and the oldest falls out. Read by <c>/admin/routing</c> and the console's Routing page.
/// </summary>
internal sealed class RecentDecisions(GatewayOptions options)
{
    private readonly RoutingDecision?[] _ring = new RoutingDecision?[options.Selection.RecentDecisions];
    private readonly Lock _gate = new();
    private long _added;

    /// <summary>Whether decisions are kept (a capacity above 0): when not, nobody builds one.</summary>
    public bool Enabled => _ring.Length > 0;

    public int Capacity => _ring.Length;

    public void Add(RoutingDecision decision)
    {
        if (_ring.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _ring[_added++ % _ring.Length] = decision;
        }
    }

    /// <summary>The kept decisions, newest first.</summary>
    public IReadOnlyList<RoutingDecision> Newest()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_added, _ring.Length);
            var newest = new RoutingDecision[count];
            for (var i = 0; i < count; i++)
            {
                newest[i] = _ring[(_added - 1 - i) % _ring.Length]!;
            }

            return newest;
        }
    }
}
