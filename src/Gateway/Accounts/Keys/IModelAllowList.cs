namespace Gateway.Accounts.Keys;

/// <summary>Whether a client key (by the <c>gateway:key_id</c> claim) may ask for a model; answered from memory.</summary>
internal interface IModelAllowList
{
    /// <summary>False only for a managed key whose <c>models</c> list leaves out <paramref name="model"/> (and the pin).</summary>
    bool Allows(string keyId, string? model, string? pinnedProvider);
}
