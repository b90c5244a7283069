namespace Gateway.Accounts;

/// <summary>Owner limits until an admin API sets some: none.</summary>
internal sealed class NoOwnerLimits : IOwnerLimits
{
    public LimitSet? For(string owner) => null;
}
