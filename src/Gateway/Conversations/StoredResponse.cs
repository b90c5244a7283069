namespace Gateway.Conversations;

/// <summary>
/// A response the gateway answered through chat completions and keeps: the response object (for
/// <c>GET /v1/responses/{id}</c>) and the whole conversation as chat messages (for <c>previous_response_id</c>), with
/// who may read it: the owner and, where several keys share an owner (configured keys without one all belong to
/// <c>static</c>), the key (<paramref name="KeyId"/>). <paramref name="ItemIds"/> are its output items' ids, by which
/// later requests may refer to them (<c>item_reference</c>); they are indexed when saved, not kept in the record.
/// <paramref name="Provider"/> is the provider (account) that answered it, where a <c>previous_response_id</c> naming it
/// goes first under prompt-cache affinity (<c>Gateway:Affinity</c>); null (an entry stored before it was kept, or
/// answered by none): no preference.
/// </summary>
internal sealed record StoredResponse(string Id, string Owner, byte[] Response, byte[] Messages, IReadOnlyList<string>? ItemIds = null, string KeyId = "", string? Provider = null)
{
    /// <summary>What keeping it costs, as the store's limits count it: its bytes and a fixed allowance per entry and item index.</summary>
    public long Size => Response.LongLength + Messages.LongLength + (2L * (Id.Length + Owner.Length + KeyId.Length + (Provider?.Length ?? 0))) + 256
        + (ItemIds is null ? 0 : ItemIds.Sum(item => (2L * item.Length) + 96));

    /// <summary>Whether <paramref name="owner"/> holding key <paramref name="keyId"/> may read it.</summary>
    public bool ReadableBy(string owner, string keyId) => Owner == owner && KeyId == keyId;
}
