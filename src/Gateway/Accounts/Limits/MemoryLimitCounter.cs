namespace Gateway.Accounts.Limits;

/// <summary>
/// Limit counters for one process: one lock around a dictionary of counters (each dropped when its window is over)
/// and the open reservations, ordered by when they lapse; a lapsed reservation is given back on the next call.
/// </summary>
internal sealed class MemoryLimitCounter(TimeProvider time) : ILimitCounter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Value, DateTimeOffset Reset)> _counters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reservation> _open = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Reservation, DateTimeOffset> _lapses = new();
    private DateTimeOffset _sweptAt;

    public long Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _open.Count;
            }
        }
    }

    public ValueTask<ReserveResult> ReserveAsync(Reservation reservation)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Sweep(now);
            foreach (var scope in reservation.Scopes)
            {
                if (!_loaded.Contains(reservation.Tag + scope))
                {
                    return ValueTask.FromResult(ReserveResult.Missing(scope));
                }
            }

            foreach (var line in reservation.Lines)
            {
                var current = Value(line.Counter);
                if (current + line.Amount > line.Limit)
                {
                    return ValueTask.FromResult(new ReserveResult(false, [current], line, null));
                }
            }

            var after = new long[reservation.Lines.Count];
            for (var i = 0; i < after.Length; i++)
            {
                after[i] = Add(reservation.Lines[i], reservation.Lines[i].Amount);
            }

            _open[reservation.Id] = reservation;
            _lapses.Enqueue(reservation, reservation.Expires);
            return ValueTask.FromResult(new ReserveResult(true, after, null, null));
        }
    }

    public ValueTask SettleAsync(Reservation reservation, long tokens, long microUsd)
    {
        lock (_lock)
        {
            // A lapsed reservation was given back already: the request's use is then added in full.
            var open = _open.Remove(reservation.Id);
            foreach (var line in reservation.Lines)
            {
                var actual = reservation.Actual(line, tokens, microUsd);
                Add(line, open ? actual - line.Amount : actual);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask LoadAsync(string tag, string scope, IReadOnlyList<(string Counter, long Value, DateTimeOffset Reset)> counters)
    {
        lock (_lock)
        {
            if (_loaded.Add(tag + scope))
            {
                foreach (var (counter, value, reset) in counters)
                {
                    _counters[counter] = (Value(counter) + value, reset);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<long> ReadAsync(string counter) => ValueTask.FromResult(Read(counter));

    /// <summary>A counter's current value (0 when its window is over or it was never used).</summary>
    public long Read(string counter)
    {
        lock (_lock)
        {
            return Value(counter);
        }
    }

    private long Value(string counter) => _counters.TryGetValue(counter, out var c) && c.Reset > time.GetUtcNow() ? c.Value : 0;

    private long Add(LimitLine line, long amount)
    {
        var value = Value(line.Counter) + amount;
        _counters[line.Counter] = (value, line.Reset);
        return value;
    }

    /// <summary>Gives back lapsed reservations; drops ended windows' counters at most once a minute.</summary>
    private void Sweep(DateTimeOffset now)
    {
        while (_lapses.TryPeek(out var lapsed, out var at) && at <= now)
        {
            _lapses.Dequeue();
            if (_open.Remove(lapsed.Id))
            {
                foreach (var line in lapsed.Lines)
                {
                    Add(line, -line.Amount);
                }
            }
        }

        if (now - _sweptAt >= TimeSpan.FromMinutes(1))
        {
            _sweptAt = now;
            foreach (var ended in _counters.Where(c => c.Value.Reset <= now).Select(c => c.Key).ToList())
            {
                _counters.Remove(ended);
            }
        }
    }
}
