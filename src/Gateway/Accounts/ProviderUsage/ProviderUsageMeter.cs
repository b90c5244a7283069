using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Gateway.Accounts.Limits;

namespace Gateway.Accounts.ProviderUsage;

/// <summary>
/// Providers' usage limits, kept off the request path. A provider's usage is its tokens (prompt + completion) of the
/// current calendar month, UTC, as the ledger holds them: every replica's written rows and this replica's unwritten
/// batch at the last <see cref="ProviderUsageRefresher"/> refresh, plus what this replica's ledger added since. The
/// providers at or over their limit form a set, replaced (never changed in place) when it changes, that candidate
/// filtering reads with one lookup. A soft limit across replicas: another replica's usage is seen once it wrote its
/// batch and this replica refreshed.
/// </summary>
internal sealed class ProviderUsageMeter(TimeProvider time) : IProviderUsage
{
    private readonly Lock _recomputing = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private long _version;
    private volatile Period _period = Period.Of(time.GetUtcNow(), FrozenDictionary<string, long>.Empty);
    private volatile FrozenDictionary<string, long> _limits = FrozenDictionary<string, long>.Empty;
    private volatile FrozenSet<string> _over = FrozenSet<string>.Empty;

    /// <summary>Grows whenever the set of providers over their limit changes (filtered candidate sets are cached by it).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Whether any provider is over its limit: the request path's only check in the common case.</summary>
    public bool AnyOver => _over.Count > 0;

    /// <summary>The end of the month the usage counts (the next month's start, UTC): when the limits reset.</summary>
    public DateTimeOffset PeriodEnd => _period.End;

    public bool IsOver(string provider) => _over.Contains(provider);

    /// <summary>The provider's tokens this month: what <c>currentUsage</c> says.</summary>
    public long Used(string provider)
    {
        var period = _period;
        return period.Baseline.GetValueOrDefault(provider) + (period.Added.TryGetValue(provider, out var added) ? Volatile.Read(ref added.Value) : 0);
    }

    /// <summary>Tokens the ledger just added for <paramref name="provider"/> (called after the ledger's own add).</summary>
    public void Add(string provider, long tokens, DateTimeOffset at)
    {
        var period = _period;
        if (tokens <= 0 || at < period.Start || at >= period.End)
        {
            return; // another month: the next refresh reads it from the ledger
        }

        var added = period.Added.GetOrAdd(provider, static _ => new StrongBox<long>());
        var total = period.Baseline.GetValueOrDefault(provider) + Interlocked.Add(ref added.Value, tokens);
        if (_limits.TryGetValue(provider, out var limit) && total >= limit && !_over.Contains(provider))
        {
            Recompute();
        }
    }

    /// <summary>The limits (provider name to monthly tokens) of the providers that have one; called on every routing table swap.</summary>
    public void SetLimits(IEnumerable<KeyValuePair<string, long>> limits)
    {
        _limits = limits.ToFrozenDictionary(StringComparer.Ordinal);
        Recompute();
    }

    /// <summary>
    /// Reads this month's usage from the ledger again as the new baseline. The adds counted apart restart at the point
    /// where the ledger has read its store and not yet its batch (no flush can run in between): an add is never
    /// missed, and one that lands in that instant is counted twice until the next refresh (over, never under).
    /// </summary>
    public async Task RefreshAsync(Ledger.LedgerBook ledger, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var start = LimitWindows.Start(LimitPeriod.Month, now);
            var totals = await ledger.ProviderTokensAsync(Ledger.LedgerBook.Day(start), Ledger.LedgerBook.Day(now), () =>
            {
                var previous = _period;
                _period = Period.Of(now, previous.Start == start ? previous.Baseline : FrozenDictionary<string, long>.Empty);
            }, cancellationToken).ConfigureAwait(false);
            _period = _period with { Baseline = totals.ToFrozenDictionary(StringComparer.Ordinal) };
            Recompute();
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private void Recompute()
    {
        lock (_recomputing)
        {
            var over = _limits.Where(l => Used(l.Key) >= l.Value).Select(l => l.Key).ToFrozenSet(StringComparer.Ordinal);
            if (!over.SetEquals(_over))
            {
                _over = over;
                Interlocked.Increment(ref _version);
            }
        }
    }

    private sealed record Period(DateTimeOffset Start, DateTimeOffset End, FrozenDictionary<string, long> Baseline, ConcurrentDictionary<string, StrongBox<long>> Added)
    {
        public static Period Of(DateTimeOffset now, FrozenDictionary<string, long> baseline) =>
            new(LimitWindows.Start(LimitPeriod.Month, now), LimitWindows.Reset(LimitPeriod.Month, now), baseline, new(StringComparer.Ordinal));
    }
}
