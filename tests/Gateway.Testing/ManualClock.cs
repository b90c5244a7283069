namespace Gateway.Testing;

/// <summary>
/// A clock for a whole gateway that moves only when the test says so, timers included: <see cref="Advance"/> fires,
/// on the test's thread, every timer that falls due (the gateway's timeouts are CancellationTokenSources built on
/// the injected TimeProvider, Polly's total deadline included). Time-based behaviour is then tested without sleeps.
/// </summary>
internal sealed class ManualClock(DateTimeOffset? start = null) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start ?? new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Whether a timer is pending that falls due exactly <paramref name="after"/> from now (a paced wait a test then releases).</summary>
    public bool HasTimerDueIn(TimeSpan after)
    {
        lock (_lock)
        {
            return _timers.Any(t => t.DueAt == _now + after);
        }
    }

    /// <summary>How many pending timers fall due exactly <paramref name="after"/> from now.</summary>
    public int TimersDueIn(TimeSpan after)
    {
        lock (_lock)
        {
            return _timers.Count(t => t.DueAt == _now + after);
        }
    }

    /// <summary>When each pending timer falls due, from now (for a test's failure message).</summary>
    public string PendingTimers()
    {
        lock (_lock)
        {
            return string.Join(", ", _timers.Select(t => (t.DueAt - _now).TotalSeconds.ToString("0.###", global::System.Globalization.CultureInfo.InvariantCulture) + " s"));
        }
    }

    /// <summary>Moves the clock on and runs the callbacks of the timers now due (a periodic one once).</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _now += by;
            due = [.. _timers.Where(t => t.DueAt <= _now)];
            foreach (var timer in due)
            {
                if (timer.Period > TimeSpan.Zero)
                {
                    timer.DueAt = _now + timer.Period;
                }
                else
                {
                    _timers.Remove(timer);
                }
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock._now + dueTime;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
