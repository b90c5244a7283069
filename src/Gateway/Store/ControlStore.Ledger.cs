namespace Gateway.Store;

/// <summary>The usage ledger (batches added in one transaction) and owners' limits.</summary>
internal sealed partial class ControlStore
{
    /// <summary>Adds each row's counts to its ledger row (created when new), all in one transaction.</summary>
    public Task<int> AddLedgerAsync(IReadOnlyList<LedgerRow> rows, CancellationToken cancellationToken) => RunAsync(async (connection, transaction) =>
    {
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

    /// <summary>Ledger rows of days <paramref name="from"/> to <paramref name="to"/> (inclusive, <c>yyyy-MM-dd</c>), optionally of one key or one owner.</summary>
    public Task<IReadOnlyList<LedgerRow>> ReadLedgerAsync(string from, string to, string? keyId, string? owner, CancellationToken cancellationToken) => RunAsync(async (connection, transaction) =>
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
