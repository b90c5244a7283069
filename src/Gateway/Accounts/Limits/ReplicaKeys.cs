namespace Gateway.Accounts.Limits;

/// <summary>
/// The keys of <see cref="ReplicaHeartbeat"/> (before the deployment's prefix, which the prefixed database adds): one
/// hash tag, so that its one script touches one slot.
/// </summary>
internal static class ReplicaKeys
{
    /// <summary>Sorted set: replica id by its last heartbeat (Redis time, unix ms).</summary>
    public const string Live = "{replicas}:live";

    /// <summary>String: the id of the Redis state in place, set by the first heartbeat that finds none.</summary>
    public const string Epoch = "{replicas}:epoch";

    /// <summary>Hash: replica id to the epoch it wrote its ledger for.</summary>
    public const string Acks = "{replicas}:acks";
}
