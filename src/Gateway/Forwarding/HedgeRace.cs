namespace Gateway.Forwarding;

/// <summary>
/// The attempts of one hedged run (<see cref="FirstTokenHedging"/>) racing for the client's response: the first to
/// claim it (at its first token, or a whole answer's first bytes) wins, and every other lane is cancelled at once.
/// Only the winner ever writes to the client, so at most one attempt's output is sent and billed as passed.
/// </summary>
internal sealed class HedgeRace
{
    private readonly Lock _gate = new();
    private readonly List<HedgeLane> _lanes = new(2);
    private HedgeLane? _winner;

    /// <summary>The lane that claimed the response; null while nobody has.</summary>
    public HedgeLane? Winner
    {
        get
        {
            lock (_gate)
            {
                return _winner;
            }
        }
    }

    /// <summary>A new lane on <paramref name="token"/> (the hedging execution's); cancelled at once when the race is already decided.</summary>
    public HedgeLane Join(CancellationToken token, bool isHedge)
    {
        var lane = new HedgeLane(this, token, isHedge);
        lock (_gate)
        {
            if (_winner is null)
            {
                _lanes.Add(lane);
                return lane;
            }
        }

        lane.Cancel();
        return lane;
    }

    /// <summary>True when <paramref name="lane"/> has (or now takes) the response; the first claim cancels the other lanes.</summary>
    public bool TryClaim(HedgeLane lane)
    {
        HedgeLane[] losers;
        lock (_gate)
        {
            if (_winner is not null)
            {
                return ReferenceEquals(_winner, lane);
            }

            _winner = lane;
            losers = [.. _lanes.Where(l => !ReferenceEquals(l, lane))];
        }

        foreach (var loser in losers)
        {
            loser.Cancel();
        }

        return true;
    }

    /// <summary>The lane ended: it is no longer cancelled by a claim.</summary>
    public void Leave(HedgeLane lane)
    {
        lock (_gate)
        {
            _lanes.Remove(lane);
        }
    }
}
