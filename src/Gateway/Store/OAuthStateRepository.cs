using Gateway.ManagedProviders;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>Pending OpenRouter connects: saved with a TTL, taken (deleted) at most once, by their owner only.</summary>
internal sealed class OAuthStateRepository(StoreSession session) : IOAuthStateStore
{
    /// <summary>Saves a new state and drops the expired ones.</summary>
    public Task SaveAsync(OAuthStateRecord state, DateTimeOffset now, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using (var purge = Command(connection, transaction, "DELETE FROM oauth_state WHERE expires_at < @now;"))
        {
            Add(purge, "now", session.Dialect.Time(now));
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var insert = Command(connection, transaction, "INSERT INTO oauth_state (state, owner, code_verifier, callback_url, expires_at) VALUES (@state, @owner, @verifier, @callback, @expires);");
        Add(insert, "state", state.State);
        Add(insert, "owner", state.Owner);
        Add(insert, "verifier", state.CodeVerifier);
        Add(insert, "callback", state.CallbackUrl);
        Add(insert, "expires", session.Dialect.Time(state.ExpiresAt));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }, write: true, cancellationToken);

    /// <summary>
    /// Deletes and returns the state if <paramref name="owner"/> holds it: a second call (a replay) finds nothing, and
    /// another owner's attempt leaves it alone. Expiry is the caller's to check, on its clock.
    /// </summary>
    public Task<OAuthStateRecord?> TakeAsync(string state, string owner, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var take = Command(connection, transaction, "DELETE FROM oauth_state WHERE state = @state AND owner = @owner RETURNING state, owner, code_verifier, callback_url, expires_at;");
        Add(take, "state", state);
        Add(take, "owner", owner);
        using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new OAuthStateRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), session.Dialect.ReadTime(reader, 4))
            : null;
    }, write: true, cancellationToken);
}
