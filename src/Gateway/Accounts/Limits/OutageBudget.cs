using System.Collections.Concurrent;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Limits while Redis cannot be reached: each replica admits against its share of what remained, so that the replicas
/// together never spend more than the budget. For each counter: the use it started from (its value as this replica last
/// saw it in Redis, if within <see cref="SeenFor"/>; at least what the ledger says when the scope was loaded from it; a
/// day or month counter seen by neither is loaded from the ledger first), then this replica's share of the rest, the
/// rest divided by the live replicas counted by the heartbeat when the outage began. What this replica admits counts
/// against its share; settling replaces the estimate by the use. The overshoot is at most what other replicas reserved
/// between this replica's last sight of a counter and the outage, plus, as always, one estimate per replica.
/// </summary>
internal sealed class OutageBudget(TimeProvider time)
{
    /// <summary>How long a value seen in Redis stands for the counter's use; older, the ledger is asked.</summary>
    public static readonly TimeSpan SeenFor = TimeSpan.FromMinutes(1);

    private const int MaxSeen = 100_000;

    private readonly ConcurrentDictionary<string, (long Value, DateTimeOffset At)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Share> _shares = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _ledger = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private volatile bool _active;
    private int _replicas = 1;
    private string? _epoch;

    /// <summary>Whether an outage is on (this replica admits alone, against its share).</summary>
    public bool Active => _active;

    /// <summary>Reservations admitted in this outage and not settled yet.</summary>
    public long Open
    {
        get
        {
            lock (_lock)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>A counter's value as Redis answered it (after a reservation, or a refusal).</summary>
    public void Seen(string counter, long value)
    {
        if (_seen.Count >= MaxSeen)
        {
            _seen.Clear();
        }

        _seen[counter] = (value, time.GetUtcNow());
    }

    /// <summary>Starts an outage (once until <see cref="End"/>): <paramref name="replicas"/> share what remains.</summary>
    public void Begin(int replicas, string? epoch)
    {
        if (_active)
        {
            return;
        }

        lock (_lock)
        {
            if (!_active)
            {
                (_replicas, _epoch) = (Math.Max(1, replicas), epoch);
                _shares.Clear();
                _ledger.Clear();
                _loaded.Clear();
                _open.Clear();
                _active = true;
            }
        }
    }

    /// <summary>Ends the outage: what this replica admitted in it, per counter, and the Redis state it began in.</summary>
    public (string? Epoch, IReadOnlyList<(string Tag, string Scope, string Counter, long Used, DateTimeOffset Reset)> Used) End()
    {
        lock (_lock)
        {
            if (!_active)
            {
                return (null, []);
            }

            _active = false;
            var used = _shares.Where(s => s.Value.Used > 0).Select(s => (s.Value.Tag, s.Value.Scope, s.Key, s.Value.Used, s.Value.Reset)).ToList();
            _shares.Clear();
            _open.Clear();
            return (_epoch, used);
        }
    }

    /// <summary>Checks every line against this replica's share and, only when all fit, counts them all.</summary>
    public ReserveResult Reserve(Reservation reservation)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var shares = new Share[reservation.Lines.Count];
            for (var i = 0; i < shares.Length; i++)
            {
                var line = reservation.Lines[i];
                if (!_shares.TryGetValue(line.Counter, out var share))
                {
                    long? start = _seen.TryGetValue(line.Counter, out var seen) && now - seen.At <= SeenFor ? seen.Value : null;
                    if (_ledger.TryGetValue(line.Counter, out var ledger))
                    {
                        start = Math.Max(start ?? 0, ledger);
                    }
                    else if (start is null && LimitKinds.Period(line.Kind) != LimitPeriod.Minute && !_loaded.Contains(reservation.Tag + line.Scope))
                    {
                        return ReserveResult.Missing(line.Scope);
                    }

                    share = new Share(reservation.Tag, line.Scope, line.Reset, line.Limit, start ?? 0, _replicas);
                    _shares[line.Counter] = share;
                }

                if (share.Used + line.Amount > share.Size)
                {
                    return new ReserveResult(false, [share.Counter], line, null);
                }

                shares[i] = share;
            }

            var after = new long[shares.Length];
            for (var i = 0; i < shares.Length; i++)
            {
                shares[i].Used += reservation.Lines[i].Amount;
                after[i] = shares[i].Counter;
            }

            _open.Add(reservation.Id);
            return new ReserveResult(true, after, null, null);
        }
    }

    /// <summary>Replaces a reservation of this outage by its use (one of an outage that ended counts nowhere: Redis was rebuilt or given the estimate).</summary>
    public void Settle(Reservation reservation, long tokens, long microUsd)
    {
        lock (_lock)
        {
            if (!_open.Remove(reservation.Id))
            {
                return;
            }

            foreach (var line in reservation.Lines)
            {
                if (_shares.TryGetValue(line.Counter, out var share))
                {
                    share.Used += reservation.Actual(line, tokens, microUsd) - line.Amount;
                }
            }
        }
    }

    /// <summary>A scope's counters as the ledger has them (what <see cref="Reserve"/> asked for with a missing scope).</summary>
    public void Load(string tag, string scope, IReadOnlyList<(string Counter, long Value, DateTimeOffset Reset)> counters)
    {
        lock (_lock)
        {
            _loaded.Add(tag + scope);
            foreach (var (counter, value, _) in counters)
            {
                _ledger[counter] = value;
            }
        }
    }

    /// <summary>A counter's value as this replica sees it: the use it started from plus the replicas' shares spent at this replica's pace (for views).</summary>
    public long Read(string counter)
    {
        lock (_lock)
        {
            if (_shares.TryGetValue(counter, out var share))
            {
                return share.Start + (share.Used * _replicas);
            }
        }

        return _seen.TryGetValue(counter, out var seen) ? seen.Value : 0;
    }

    /// <summary>One counter's share in an outage: what it started from, the share's size, and this replica's use of it.</summary>
    private sealed class Share(string tag, string scope, DateTimeOffset reset, long limit, long start, int replicas)
    {
        public string Tag => tag;

        public string Scope => scope;

        public DateTimeOffset Reset => reset;

        public long Start => start;

        /// <summary>This replica's part of what remained.</summary>
        public long Size { get; } = Math.Max(0, limit - start) / replicas;

        public long Used { get; set; }

        /// <summary>The counter as the rate-limit headers show it: the limit less what is left of this replica's share.</summary>
        public long Counter => limit - (Size - Used);
    }
}
