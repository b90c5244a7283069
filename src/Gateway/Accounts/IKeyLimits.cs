namespace Gateway.Accounts;

/// <summary>
/// The limits of client keys, by key id (the <c>gateway:key_id</c> claim): managed keys carry theirs; static keys have
/// none. Read on the request path: implementations answer from memory.
/// </summary>
internal interface IKeyLimits
{
    /// <summary>The key's limits, or null when it has none.</summary>
    LimitSet? For(string keyId);
}
