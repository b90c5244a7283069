using System.Collections.Concurrent;
using System.Globalization;
using Gateway.Accounts.Limits;
using Gateway.Accounts.ProviderUsage;
using Gateway.Contracts;
using Gateway.Telemetry;

namespace Gateway.Accounts.Ledger;

/// <summary>
/// The usage ledger's batch in this process: attempts add to a row per UTC day, key, owner, provider and model (one
/// small lock per row); <see cref="LedgerFlusher"/> swaps the batch out every few seconds and at shutdown and adds it
/// to the store under a new batch id; a batch the store refuses goes to the <see cref="LedgerSpool"/> (on disk) and is
/// added, by its id, at a later flush. Answers the current periods' totals of a key or owner (the store's plus the
/// unwritten batches). Each add also goes to the providers' usage meter and, for owners configured to be labelled, to
/// the owner spend metric.
/// </summary>
internal sealed partial class LedgerBook(ILedgerStore store, IProviderTokenTotals totals, LedgerSpool spool, ProviderUsageMeter usage, OwnerSpendLabels owners, GatewayMetrics metrics) : ILedgerTotals
{
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly ConcurrentQueue<(string Id, IReadOnlyList<LedgerRow> Rows)> _spooled = new();
    private ConcurrentDictionary<(string Day, string Key, string Owner, string Provider, string Model), long[]> _batch = new();

    /// <summary>Adds one attempt's counts.</summary>
    public void Add(DateTimeOffset at, string keyId, string? owner, string provider, string model, long requests, long prompt, long completion, long cached, long microUsd, long errors)
    {
        var row = _batch.GetOrAdd((Day(at), keyId, owner ?? "", provider, model), static _ => new long[6]);
        lock (row)
        {
            row[0] += requests;
            row[1] += prompt;
            row[2] += completion;
            row[3] += cached;
            row[4] += microUsd;
            row[5] += errors;
        }

        // After the batch's add: a usage refresh that misses this add in the batch has not started counting apart yet.
        usage.Add(provider, prompt + completion, at);
        if (owners.Enabled && (microUsd > 0 || prompt + completion > 0))
        {
            var tag = GatewayMetrics.Tags("owner", owners.LabelOf(owner));
            metrics.OwnerSpend.Add(microUsd / 1_000_000d, tag);
            metrics.OwnerTokens.Add(prompt + completion, tag);
        }
    }

    /// <summary>Writes the batch to the store (after any flush in progress); what could not be written is kept for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        Exception? refused = null;
        try
        {
            // Batches the store refused before go first, in order, each once by its id; then the spools of ended processes.
            while (_spooled.TryPeek(out var waiting))
            {
                await store.AddAsync(waiting.Id, waiting.Rows, cancellationToken).ConfigureAwait(false);
                _spooled.TryDequeue(out _);
                if (_spooled.IsEmpty)
                {
                    spool.Clear();
                }
            }

            await spool.AdoptAsync((id, rows) => store.AddAsync(id, rows, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            refused = e;
        }

        var batch = Interlocked.Exchange(ref _batch, new());
        if (!batch.IsEmpty)
        {
            var rows = batch.Select(r =>
            {
                lock (r.Value)
                {
                    return new LedgerRow(r.Key.Day, r.Key.Key, r.Key.Owner, r.Key.Provider, r.Key.Model, r.Value[0], r.Value[1], r.Value[2], r.Value[3], r.Value[4], r.Value[5]);
                }
            }).ToList();
            var id = Contracts.RandomIds.New();
            try
            {
                if (refused is null)
                {
                    await store.AddAsync(id, rows, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                refused = e;
            }

            if (refused is not null)
            {
                Keep(id, rows);
            }
        }

        if (refused is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
        }
    }

    /// <summary>
    /// A batch the store did not take: on disk under its id (a write that did go through, its reply lost, is then not
    /// added twice) and in memory for the totals. Only when the disk refuses too does it go back into the next batch.
    /// </summary>
    private void Keep(string id, List<LedgerRow> rows)
    {
        if (spool.Append(id, rows))
        {
            _spooled.Enqueue((id, rows));
            return;
        }

        foreach (var row in rows)
        {
            Add(DateTimeOffset.ParseExact(row.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), row.KeyId, row.Owner, row.Provider, row.Model,
                row.Requests, row.PromptTokens, row.CompletionTokens, row.CachedTokens, row.CostMicroUsd, row.Errors);
        }
    }

    /// <summary>Rows not yet written (for the usage views and the totals): the batch, and the batches waiting in the spool.</summary>
    public IReadOnlyList<LedgerRow> Unwritten() => [.. _batch.Select(r =>
    {
        lock (r.Value)
        {
            return new LedgerRow(r.Key.Day, r.Key.Key, r.Key.Owner, r.Key.Provider, r.Key.Model, r.Value[0], r.Value[1], r.Value[2], r.Value[3], r.Value[4], r.Value[5]);
        }
    }), .. _spooled.SelectMany(b => b.Rows)];

    /// <summary>Rows of days <paramref name="from"/> to <paramref name="to"/>: the store's and this replica's unwritten batch.</summary>
    public async Task<IReadOnlyList<LedgerRow>> ReadAsync(string from, string to, string? keyId, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(from, to, keyId, null, cancellationToken).ConfigureAwait(false);
        return [.. stored, .. Unwritten().Where(r => string.CompareOrdinal(r.Day, from) >= 0 && string.CompareOrdinal(r.Day, to) <= 0 && (keyId is null || r.KeyId == keyId))];
    }

    /// <summary>Rows of one owner's days <paramref name="from"/> to <paramref name="to"/> (the owner filtered in the store's query): the console's owner view.</summary>
    public async Task<IReadOnlyList<LedgerRow>> ReadOwnerAsync(string from, string to, string owner, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(from, to, null, owner, cancellationToken).ConfigureAwait(false);
        return [.. stored, .. Unwritten().Where(r => string.CompareOrdinal(r.Day, from) >= 0 && string.CompareOrdinal(r.Day, to) <= 0 && r.Owner == owner)];
    }

    public async ValueTask<(long DayTokens, long DayMicroUsd, long MonthTokens, long MonthMicroUsd)> TotalsAsync(string? keyId, string? owner, DateTimeOffset now)
    {
        var (today, monthStart) = (Day(now), Day(LimitWindows.Start(LimitPeriod.Month, now)));
        var stored = await store.ReadAsync(monthStart, today, keyId, keyId is null ? owner ?? "" : null, CancellationToken.None).ConfigureAwait(false);
        var rows = stored.Concat(Unwritten().Where(r => string.CompareOrdinal(r.Day, monthStart) >= 0 && (keyId is null ? r.Owner == (owner ?? "") : r.KeyId == keyId)));
        (long dt, long du, long mt, long mu) = (0, 0, 0, 0);
        foreach (var row in rows)
        {
            var tokens = row.PromptTokens + row.CompletionTokens;
            (mt, mu) = (mt + tokens, mu + row.CostMicroUsd);
            if (row.Day == today)
            {
                (dt, du) = (dt + tokens, du + row.CostMicroUsd);
            }
        }

        return (dt, du, mt, mu);
    }

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
