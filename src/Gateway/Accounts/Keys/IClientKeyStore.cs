namespace Gateway.Accounts.Keys;

/// <summary>
/// Where managed client keys are kept (the store's <c>client_keys</c> table). A change returns the store version it
/// was written at (see <see cref="Contracts.IStoreVersion"/>); an unreachable database throws
/// <see cref="Contracts.StoreUnavailableException"/>.
/// </summary>
internal interface IClientKeyStore
{
    /// <summary>Every client key, revoked ones too, in creation order.</summary>
    Task<IReadOnlyList<ClientKeyRecord>> ListAsync(CancellationToken cancellationToken);

    Task<ClientKeyRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Inserts <paramref name="record"/> with its audit line; the new store version.</summary>
    Task<long> CreateAsync(ClientKeyRecord record, Contracts.AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Replaces the row's changeable columns (not the last-used time); null when there is no such row, else the new version.</summary>
    Task<long?> UpdateAsync(ClientKeyRecord record, Contracts.AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Writes last-used times in one transaction, never moving one backwards; no version bump (nothing to propagate).</summary>
    Task<int> TouchAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> used, CancellationToken cancellationToken);
}
