namespace Gateway.Accounts;

/// <summary>Where owners' limits are kept, as the admin API's JSON (one row per owner).</summary>
internal interface IOwnerLimitStore
{
    /// <summary>Every owner's limits JSON.</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="owner"/>'s limits JSON and writes the audit line, in one transaction; the new store version.</summary>
    Task<long> PutAsync(string owner, string limits, Contracts.AuditEntry audit, CancellationToken cancellationToken);
}
