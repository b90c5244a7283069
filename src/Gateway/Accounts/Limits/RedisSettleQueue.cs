using System.Collections.Concurrent;
using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Settlements on their way to Redis. A request's settle is not on its client's path, so it waits here and goes with
/// the others of its moment: every <see cref="Interval"/> (on the injected clock), or at once when
/// <see cref="BatchSize"/> wait, the queue is drained and each hash tag's settles go in one script call
/// (<see cref="RedisLimitScripts.SettleBatch"/>; the tags' calls pipelined together). A limited request then costs one
/// round trip (its reservation) plus a share of a batch. Disposing (at shutdown, after the server has drained its
/// requests) sends what waits.
/// A batch whose call fails (no connection, a dropped one, a timeout) goes again with a later batch (after 1, 2, 4, then
/// every 8 s) for up to <see cref="RetryFor"/>: this replica cannot tell a call that never reached Redis (its use would be lost, and the
/// budget overspent by it once the holds lapse) from one whose reply was lost, so the script is idempotent: it marks
/// each reservation it settled for <see cref="SettledKept"/> and counts a marked one never again. A batch still failing
/// after <see cref="RetryFor"/> is given up (logged): its holds lapse at their TTL, and the ledger keeps the requests'
/// use. A process that dies loses at most one interval of settles, whose holds lapse the same way.
/// </summary>
internal sealed partial class RedisSettleQueue(SharedRedis redis, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    /// <summary>How long a settle waits at most for its batch.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Settles waiting that send a batch without waiting for the interval.</summary>
    public const int BatchSize = 128;

    /// <summary>How long a settle that did not reach Redis is sent again before it is given up.</summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long Redis remembers that it settled a reservation: twice <see cref="RetryFor"/>, so that a batch sent again
    /// finds its first arrival's mark however late in its retries it lands.
    /// </summary>
    public static readonly TimeSpan SettledKept = 2 * RetryFor;

    /// <summary>Reservations in one script call at most (a larger batch of one tag takes several).</summary>
    private const int PerCall = 256;

    private readonly ConcurrentQueue<Settle> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _waiting;
    private int _started;
    private int _disposed;
    private long _calls;
    private long _delivered;
    private long _givenUp;
    private Task _loop = Task.CompletedTask;

    /// <summary>Settles queued and not yet sent.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Script calls sent so far (for tests: many settles, few calls).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Settles whose script call Redis answered.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Settles given up after failing for <see cref="RetryFor"/> (or at shutdown).</summary>
    public long GivenUp => Interlocked.Read(ref _givenUp);

    public void Enqueue(Reservation reservation, long tokens, long microUsd)
    {
        var settle = new Settle(reservation, tokens, microUsd, time.GetUtcNow());
        if (reservation.SettleAtOnce)
        {
            _ = SendAsync([settle]);
            return;
        }

        _queue.Enqueue(settle);
        var waiting = Interlocked.Increment(ref _waiting);
        if (Volatile.Read(ref _disposed) != 0 || waiting % BatchSize == 0)
        {
            _ = FlushAsync();
        }
        else if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = RunAsync(_stopping.Token);
        }
    }

    /// <summary>Sends every settle waiting now: one script call per hash tag (and per <see cref="PerCall"/>). Never throws.</summary>
    public async Task FlushAsync()
    {
        if (_queue.IsEmpty)
        {
            return;
        }

        var batch = new List<Settle>(Math.Min(Waiting + 8, 4 * BatchSize));
        List<Settle>? later = null;
        var now = time.GetUtcNow();
        var stopping = Volatile.Read(ref _disposed) != 0;
        while (_queue.TryDequeue(out var settle))
        {
            // At shutdown a settle waiting out its retry delay goes now: this is its last chance, and if it fails it is logged.
            if (settle.NotBefore > now && !stopping)
            {
                (later ??= []).Add(settle);
                continue;
            }

            batch.Add(settle);
            Interlocked.Decrement(ref _waiting);
        }

        // Settles that failed wait out their delay in the queue (still counted as waiting).
        later?.ForEach(_queue.Enqueue);

        if (batch.Count > 0)
        {
            await Task.WhenAll(batch.GroupBy(s => s.Reservation.Tag, StringComparer.Ordinal).SelectMany(tag => tag.Chunk(PerCall)).Select(SendAsync)).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the loop and sends what waits, once: at shutdown a batch that fails is given up at once (logged), as is a
    /// settle that comes later, which is sent at once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await FlushAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>One script call: the settles of one hash tag, each counter named once in KEYS and pointed to by index.</summary>
    private async Task SendAsync(Settle[] settles)
    {
        var tag = settles[0].Reservation.Tag;
        var keys = new List<RedisKey>(8) { tag + ":pending", tag + ":held", tag + ":settled" };
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var args = new List<RedisValue>(2 + (settles.Length * 26)) { settles.Length, (long)SettledKept.TotalMilliseconds };
        foreach (var (reservation, tokens, microUsd, _, _, _) in settles)
        {
            args.Add(reservation.Id);
            args.Add(reservation.Lines.Count);
            foreach (var line in reservation.Lines)
            {
                if (!index.TryGetValue(line.Counter, out var at))
                {
                    keys.Add(line.Counter);
                    index[line.Counter] = at = keys.Count;
                }

                args.Add(at);
                args.Add(line.Amount);
                args.Add(reservation.Actual(line, tokens, microUsd));
                args.Add(line.Reset.ToUnixTimeMilliseconds());
            }
        }

        if (redis.PrefixedDatabase is not { } database)
        {
            Failed(settles, "no connection");
            return;
        }

        try
        {
            Interlocked.Increment(ref _calls);
            await database.EvaluateInOneSlotAsync(RedisLimitScripts.SettleBatch, [.. keys], [.. args]).WaitAsync(redis.Timeout, time).ConfigureAwait(false);
            Interlocked.Add(ref _delivered, settles.Length);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // ObjectDisposedException: the connection was closed at shutdown before this last flush.
            Failed(settles, e.GetType().Name);
        }
    }

    /// <summary>A batch that failed: queued again, but for the settles first sent longer than <see cref="RetryFor"/> ago, which are given up.</summary>
    private void Failed(Settle[] settles, string error)
    {
        var now = time.GetUtcNow();
        var again = 0;
        foreach (var settle in settles)
        {
            if (now - settle.First < RetryFor && Volatile.Read(ref _disposed) == 0)
            {
                // 1, 2, 4, 8, 8... seconds: a frozen server gets a few copies of a batch on its connection, not one per interval.
                var failures = settle.Failures + 1;
                _queue.Enqueue(settle with { Failures = failures, NotBefore = now + TimeSpan.FromSeconds(Math.Min(8, 1 << (failures - 1))) });
                Interlocked.Increment(ref _waiting);
                again++;
            }
        }

        if (again > 0)
        {
            Log.BatchRetried(logger, again, error);
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                _loop = RunAsync(_stopping.Token);
            }
        }

        if (again < settles.Length)
        {
            Interlocked.Add(ref _givenUp, settles.Length - again);
            Log.BatchFailed(logger, settles.Length - again, (int)RetryFor.TotalSeconds, error);
        }
    }

    /// <summary>A request's settle: its reservation, what it used, when it was first queued, and (once it failed) when it may go again.</summary>
    private readonly record struct Settle(Reservation Reservation, long Tokens, long MicroUsd, DateTimeOffset First, int Failures = 0, DateTimeOffset NotBefore = default);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SettleBatchFailed, Level = LogLevel.Warning, Message = "Limits: {Count} settles did not reach Redis in {Seconds} s ({Error}); given up: their holds lapse at their TTL, the ledger has the use")]
        public static partial void BatchFailed(ILogger logger, int count, int seconds, string error);

        [LoggerMessage(EventId = EventIds.SettleBatchRetried, Level = LogLevel.Debug, Message = "Limits: a batch of {Count} settles did not reach Redis ({Error}); it goes again with the next batch")]
        public static partial void BatchRetried(ILogger logger, int count, string error);
    }
}
