using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// The pool of cancellation sources behind every request's deadline and every attempt's timer: a source given back
/// uncancelled is the next one rented, reset (nothing left registered on it fires, no timer pending); a cancelled
/// source is never handed out again; and the pool keeps a bounded number.
/// </summary>
public sealed class CancellationSourcesTests
{
    [Fact]
    public void Returned_Uncancelled_IsRentedAgain_WithNothingOfItsLastUseLeft()
    {
        var sources = new CancellationSources(TimeProvider.System);
        var first = sources.Rent();
        var fired = false;
        first.Token.UnsafeRegister(_ => fired = true, null); // left registered, as a stale holder's would be
        first.CancelAfter(TimeSpan.FromHours(1));
        sources.Return(first);
        Assert.Equal(1, sources.Kept);

        var second = sources.Rent();
        Assert.Same(first, second);
        Assert.Equal(0, sources.Kept);
        Assert.False(second.IsCancellationRequested);

        second.Cancel(); // the new renter's cancellation reaches none of the last renter's callbacks
        Assert.False(fired);
    }

    [Fact]
    public void Returned_Cancelled_IsDisposed_NeverRentedAgain()
    {
        var sources = new CancellationSources(TimeProvider.System);
        var first = sources.Rent();
        first.Cancel();
        sources.Return(first);

        Assert.Equal(0, sources.Kept);
        var next = sources.Rent();
        Assert.NotSame(first, next);
        Assert.False(next.IsCancellationRequested);
        Assert.Throws<ObjectDisposedException>(() => first.Token.WaitHandle);
    }

    [Fact]
    public void OnAManualClock_AReturnedSourcesTimer_NeverFiresForTheNextRenter()
    {
        var clock = new ManualTimeProvider();
        var sources = new CancellationSources(clock);
        var first = sources.Rent();
        first.CancelAfter(TimeSpan.FromSeconds(5));
        sources.Return(first);

        var next = sources.Rent();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(next.IsCancellationRequested);
        Assert.Equal("", clock.PendingTimers());

        next.CancelAfter(TimeSpan.FromSeconds(1)); // and the source it is still runs on the clock it was made with
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(next.IsCancellationRequested);
    }

    [Fact]
    public void KeepsABoundedNumber()
    {
        var sources = new CancellationSources(TimeProvider.System);
        var rented = Enumerable.Range(0, 1100).Select(_ => sources.Rent()).ToList();
        foreach (var source in rented)
        {
            sources.Return(source);
        }

        Assert.Equal(1024, sources.Kept);
    }

    [Fact]
    public void AnAttemptTimer_GivesItsSourceBackOnce()
    {
        var sources = new CancellationSources(TimeProvider.System);
        var timer = new AttemptTimer(CancellationToken.None, TimeSpan.FromMinutes(1), sources);
        timer.Arm(TimeSpan.FromSeconds(30));
        timer.Dispose();
        timer.Dispose();

        Assert.Equal(1, sources.Kept); // twice would let two attempts share one source
    }
}
