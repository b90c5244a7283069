namespace Gateway.Accounts;

/// <summary>The key limits when nothing manages keys: no key has any.</summary>
internal sealed class NoKeyLimits : IKeyLimits
{
    public LimitSet? For(string keyId) => null;
}
