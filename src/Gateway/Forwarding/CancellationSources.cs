using System.Collections.Concurrent;

namespace Gateway.Forwarding;

/// <summary>
/// Cancellation sources on the gateway's clock, reused from one request to the next: a source whose work ended without
/// being cancelled is reset (its timer stopped, every registration left on it dropped) and kept for the next renter,
/// with the timer and the callback storage it already holds, so a request's deadline and its attempts' phase timers
/// allocate nothing once the pool is warm. YARP keeps its activity timeout the same way. A source that was cancelled,
/// or whose timer ever fired, cannot be reset and is disposed (<see cref="CancellationTokenSource.TryReset"/>). One
/// pool per clock: a source keeps the <see cref="TimeProvider"/> it was made with.
/// </summary>
/// <remarks>
/// Return a source only when nothing will cancel it any more: its owner's registrations on other tokens disposed first
/// (a registration's dispose waits for its running callback). A stale holder of its token afterwards sees the next
/// renter's state, which for work that has ended is harmless; the gateway hands an attempt's token only to that
/// attempt's own reads and writes, which end with it.
/// </remarks>
internal sealed class CancellationSources(TimeProvider time)
{
    /// <summary>Sources kept at most: enough for the requests of a busy replica, about 300 B each.</summary>
    private const int MaxKept = 1024;

    private readonly ConcurrentQueue<CancellationTokenSource> _kept = new();
    private int _count;

    public TimeProvider Time => time;

    /// <summary>How many sources are kept now (for the tests).</summary>
    internal int Kept => Volatile.Read(ref _count);

    /// <summary>A source that is not cancelled and has no timer armed: reused when one is kept, else new.</summary>
    public CancellationTokenSource Rent()
    {
        if (_kept.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
            return source;
        }

        return new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>Gives back a source its renter is done with: kept when it can be reset and the pool has room, else disposed.</summary>
    public void Return(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            if (Interlocked.Increment(ref _count) <= MaxKept)
            {
                _kept.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _count);
        }

        source.Dispose();
    }
}
