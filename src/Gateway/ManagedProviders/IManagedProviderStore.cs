using Gateway.Contracts;

namespace Gateway.ManagedProviders;

/// <summary>
/// Where managed providers are kept (the seed's <c>ai_provider</c> table), secrets as ciphertexts. Each change writes
/// its audit line and returns the store version it was written at (see <see cref="IStoreVersion"/>); an unreachable
/// database throws <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IManagedProviderStore
{
    /// <summary>Every managed provider, global and owned, in creation order.</summary>
    Task<IReadOnlyList<ManagedProviderRecord>> ListAsync(CancellationToken cancellationToken);

    Task<ManagedProviderRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Inserts <paramref name="record"/> (a default one clears the owner's other default); the new store version. A second provider of a type for one owner throws <see cref="DuplicateProviderException"/>.</summary>
    Task<long> CreateAsync(ManagedProviderRecord record, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Replaces every column of the row <paramref name="record"/> names; null when there is no such row, else the new version.</summary>
    Task<long?> UpdateAsync(ManagedProviderRecord record, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Deletes the row and its ciphertexts for good; null when there was no such row, else the new version.</summary>
    Task<long?> DeleteAsync(string id, AuditEntry audit, CancellationToken cancellationToken);
}
