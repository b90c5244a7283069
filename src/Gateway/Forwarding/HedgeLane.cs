namespace Gateway.Forwarding;

/// <summary>
/// One attempt's place in a <see cref="HedgeRace"/>: its own cancellation (the hedging execution's token, and the race's
/// verdict when another lane claims the response first) and whether it lost.
/// </summary>
internal sealed class HedgeLane : IDisposable
{
    private readonly HedgeRace _race;
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationTokenRegistration _link;

    public HedgeLane(HedgeRace race, CancellationToken token, bool isHedge)
    {
        (_race, IsHedge) = (race, isHedge);
        _link = token.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
    }

    /// <summary>The token this lane's attempts run on (in place of the request's deadline token, which it follows).</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True for the hedge, false for the attempt it hedges.</summary>
    public bool IsHedge { get; }

    /// <summary>Whether another lane claimed the response: this one was cancelled for it, and nothing of it reached the client.</summary>
    public bool Lost => _race.Winner is { } winner && !ReferenceEquals(winner, this);

    /// <summary>Claims the client's response for this lane; false when another lane has it.</summary>
    public bool TryClaim() => _race.TryClaim(this);

    internal void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The lane ended between the claim and its cancellation: nothing left to stop.
        }
    }

    public void Dispose()
    {
        _race.Leave(this);
        _link.Dispose();
        _source.Dispose();
    }
}
