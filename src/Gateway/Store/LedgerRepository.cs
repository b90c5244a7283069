using Gateway.Accounts.Ledger;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>The usage ledger (<c>usage_ledger</c>): batches added once each, in one transaction; rows read by day, key and owner.</summary>
internal sealed class LedgerRepository(StoreSession session) : ILedgerStore
{
    /// <summary>How long a batch id is remembered: a spool older than this, replayed, would be added again.</summary>
    public static readonly TimeSpan BatchRetention = TimeSpan.FromDays(45);

    /// <inheritdoc/>
    public Task<int> AddAsync(string batchId, IReadOnlyList<LedgerRow> rows, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        var today = DateTimeOffset.UtcNow;
        using (var purge = Command(connection, transaction, "DELETE FROM ledger_batches WHERE written_day < @cutoff;"))
        {
            Add(purge, "cutoff", (today - BatchRetention).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var claim = Command(connection, transaction, "INSERT INTO ledger_batches (id, written_day) VALUES (@id, @day) ON CONFLICT (id) DO NOTHING;"))
        {
            Add(claim, "id", batchId);
            Add(claim, "day", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return 0;
            }
        }

        foreach (var row in rows)
        {
            using var upsert = Command(connection, transaction, """
                INSERT INTO usage_ledger (day, key_id, owner, provider, model, requests, prompt_tokens, completion_tokens, cached_tokens, cost_micro_usd, errors)
                VALUES (@day, @key, @owner, @provider, @model, @requests, @prompt, @completion, @cached, @cost, @errors)
                ON CONFLICT (day, key_id, owner, provider, model) DO UPDATE SET
                  requests = usage_ledger.requests + excluded.requests, prompt_tokens = usage_ledger.prompt_tokens + excluded.prompt_tokens,
                  completion_tokens = usage_ledger.completion_tokens + excluded.completion_tokens, cached_tokens = usage_ledger.cached_tokens + excluded.cached_tokens,
                  cost_micro_usd = usage_ledger.cost_micro_usd + excluded.cost_micro_usd, errors = usage_ledger.errors + excluded.errors;
                """);
            Add(upsert, "day", row.Day);
            Add(upsert, "key", row.KeyId);
            Add(upsert, "owner", row.Owner);
            Add(upsert, "provider", row.Provider);
            Add(upsert, "model", row.Model);
            Add(upsert, "requests", row.Requests);
            Add(upsert, "prompt", row.PromptTokens);
            Add(upsert, "completion", row.CompletionTokens);
            Add(upsert, "cached", row.CachedTokens);
            Add(upsert, "cost", row.CostMicroUsd);
            Add(upsert, "errors", row.Errors);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return rows.Count;
    }, write: true, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<LedgerRow>> ReadAsync(string from, string to, string? keyId, string? owner, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        // Conditions added only when given: PostgreSQL cannot type a NULL parameter compared with IS NULL.
        var where = (keyId is null ? "" : " AND key_id = @key") + (owner is null ? "" : " AND owner = @owner");
        using var command = Command(connection, transaction,
            "SELECT day, key_id, owner, provider, model, requests, prompt_tokens, completion_tokens, cached_tokens, cost_micro_usd, errors FROM usage_ledger " +
            "WHERE day >= @from AND day <= @to" + where + " ORDER BY day, key_id, owner, provider, model;");
        Add(command, "from", from);
        Add(command, "to", to);
        if (keyId is not null)
        {
            Add(command, "key", keyId);
        }

        if (owner is not null)
        {
            Add(command, "owner", owner);
        }

        var rows = new List<LedgerRow>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new LedgerRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10)));
        }

        return (IReadOnlyList<LedgerRow>)rows;
    }, write: false, cancellationToken);
}
