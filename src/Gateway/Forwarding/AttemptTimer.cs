namespace Gateway.Forwarding;

/// <summary>
/// One attempt's cancellation: the request's deadline (the pipeline's token: the total across attempts, or the client
/// leaving) and the attempt's phase timeouts (headers, first token, idle), each capped by the provider's own total.
/// Every timer runs on the injected <see cref="TimeProvider"/>, so a manual clock drives them in tests. The source is
/// rented from <see cref="CancellationSources"/> and given back when the attempt is disposed.
/// </summary>
internal sealed class AttemptTimer : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _link;
    private readonly CancellationToken _deadline;
    private readonly CancellationSources _sources;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cap;
    private readonly long _startedAt;
    private int _disposed;

    /// <param name="deadline">The request's token: cancelled at the total deadline or when the client leaves.</param>
    /// <param name="cap">The provider's total for one attempt (<c>Timeouts:TotalSeconds</c> of that provider).</param>
    /// <param name="sources">Where the attempt's source comes from, on the clock the timers run on.</param>
    public AttemptTimer(CancellationToken deadline, TimeSpan cap, CancellationSources sources)
    {
        (_deadline, _cap, _sources, _time) = (deadline, cap, sources, sources.Time);
        _startedAt = _time.GetTimestamp();

        // A TimeProvider-backed source (CancelAfter then uses that provider's timer), cancelled with the deadline as well.
        _source = sources.Rent();
        _link = deadline.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether the request's deadline passed (or the client left: callers check that first).</summary>
    public bool DeadlinePassed => _deadline.IsCancellationRequested;

    public TimeSpan Elapsed => _time.GetElapsedTime(_startedAt);

    /// <summary>Cancels the attempt after <paramref name="phase"/>, or at the provider's total if that is sooner.</summary>
    public void Arm(TimeSpan phase)
    {
        var left = _cap - Elapsed;
        _source.CancelAfter(left < phase ? (left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1)) : phase);
    }

    /// <summary>Which timeout fired: a total (the request's, or the provider's per attempt) if one has passed, else the phase's own.</summary>
    public bool IsTotal => _deadline.IsCancellationRequested || Elapsed >= _cap;

    /// <summary>Unlinks the deadline (waiting out its callback if it runs) and gives the source back, once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // a source given back twice would be rented by two attempts
        }

        _link.Dispose();
        _sources.Return(_source);
    }
}
