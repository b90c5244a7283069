using Gateway.Contracts;

namespace Gateway.Accounts.Keys;

/// <summary>
/// One immutable view of the managed keys: accepted hashes (a key's current hash, and the previous one during its
/// rotation grace), each with the time it stops being accepted, and the keys by id. Revoked keys are left out.
/// </summary>
internal sealed class ClientKeySnapshot
{
    public static readonly ClientKeySnapshot Empty = new(-1, false, new Dictionary<string, Accepted>(StringComparer.Ordinal), new Dictionary<string, ActiveKey>(StringComparer.Ordinal));

    private ClientKeySnapshot(long version, bool anyKeys, Dictionary<string, Accepted> byHash, Dictionary<string, ActiveKey> byId)
    {
        (Version, AnyKeys, ByHash, ById) = (version, anyKeys, byHash, byId);
        Lookup = byHash.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long Version { get; }

    public bool AnyKeys { get; }

    public Dictionary<string, Accepted> ByHash { get; }

    /// <summary><see cref="ByHash"/> looked up with a stack-allocated hex span, so a request allocates no string.</summary>
    public Dictionary<string, Accepted>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

    public Dictionary<string, ActiveKey> ById { get; }

    public static ClientKeySnapshot Build(long version, IReadOnlyList<ClientKeyRecord> records)
    {
        var byHash = new Dictionary<string, Accepted>(StringComparer.Ordinal);
        var byId = new Dictionary<string, ActiveKey>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.RevokedAt is null))
        {
            var key = new ActiveKey(record.Id, record.Owner, ClientKeyJson.ModelsFromText(record.Models), LimitSetJson.FromText(record.Limits));
            byId[record.Id] = key;
            byHash[record.KeyHash] = new Accepted(key, record.ExpiresAt);
            if (record is { PreviousKeyHash: { } previous, PreviousValidUntil: { } graceEnd })
            {
                byHash[previous] = new Accepted(key, record.ExpiresAt is { } expires && expires < graceEnd ? expires : graceEnd);
            }
        }

        return new ClientKeySnapshot(version, records.Count > 0, byHash, byId);
    }

    /// <summary>A key that is not revoked: its owner, allowed models (empty: any) and limits.</summary>
    public sealed record ActiveKey(string Id, string Owner, IReadOnlyList<string> Models, LimitSet? Limits);

    /// <summary>An accepted hash and when it stops being accepted (null: never).</summary>
    public sealed record Accepted(ActiveKey Key, DateTimeOffset? ValidUntil);
}
