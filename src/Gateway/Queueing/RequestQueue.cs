using Gateway.Configuration;

namespace Gateway.Queueing;

/// <summary>
/// Requests waiting for a candidate to free up (<c>Gateway:Queue</c>), on this replica. Each waits in its key's line
/// (first come, first served within a key); a freed slot wakes one waiter, taking keys in turn (round-robin among the
/// keys that have waiters, the woken key to the back), so one key's burst cannot starve another key. A waiter is woken
/// by a release (<see cref="Released"/>: a provider's bulkhead slot freed) or at a time it names (a rate limit's end);
/// nothing polls. Bounded: at most <see cref="QueueOptions.MaxLength"/> waiters, each for at most
/// <see cref="QueueOptions.MaxWait"/> on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RequestQueue(GatewayOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedList<QueuedRequest>> _lines = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _turns = new();
    private int _count;

    public bool Enabled => options.Queue.Enabled;

    /// <summary>Requests waiting now.</summary>
    public int Count => Volatile.Read(ref _count);

    internal Lock Sync => _lock;

    internal TimeProvider Time => time;

    /// <summary>
    /// Puts a request in its key's line, waiting for one of <paramref name="providers"/>; null when the queue is full
    /// (or off). The caller disposes the waiter when it is done, served or not.
    /// </summary>
    public QueuedRequest? TryJoin(string key, IReadOnlyCollection<string> providers)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (_lock)
        {
            if (_count >= options.Queue.MaxLength)
            {
                return null;
            }

            var waiter = new QueuedRequest(this, key, providers, time.GetUtcNow() + options.Queue.MaxWait);
            if (!_lines.TryGetValue(key, out var line))
            {
                _lines[key] = line = new LinkedList<QueuedRequest>();
                _turns.AddLast(key);
            }

            waiter.Node = line.AddLast(waiter);
            _count++;
            return waiter;
        }
    }

    /// <summary>A bulkhead slot of <paramref name="provider"/> freed: wakes one waiter for it, the next key in turn.</summary>
    public void Released(string provider)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return; // the common case: nobody waits, no lock
        }

        lock (_lock)
        {
            WakeOne(provider);
        }
    }

    /// <summary>Takes <paramref name="waiter"/> out of its line; a wake it received and did not use goes to the next waiter.</summary>
    internal void Leave(QueuedRequest waiter, bool unusedWake)
    {
        lock (_lock)
        {
            if (waiter.Node is not { } node)
            {
                return;
            }

            var line = node.List!;
            line.Remove(node);
            waiter.Node = null;
            _count--;
            if (line.Count == 0)
            {
                _lines.Remove(waiter.Key);
                _turns.Remove(waiter.Key);
            }

            if (unusedWake)
            {
                foreach (var provider in waiter.Providers)
                {
                    if (WakeOne(provider))
                    {
                        break;
                    }
                }
            }
        }
    }

    private bool WakeOne(string provider)
    {
        for (var turn = _turns.First; turn is not null; turn = turn.Next)
        {
            foreach (var waiter in _lines[turn.Value])
            {
                if (waiter.Wants(provider) && waiter.TryWake())
                {
                    _turns.Remove(turn);
                    _turns.AddLast(turn);
                    return true;
                }
            }
        }

        return false;
    }
}
