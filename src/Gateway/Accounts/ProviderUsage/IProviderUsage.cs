namespace Gateway.Accounts.ProviderUsage;

/// <summary>
/// A provider's tokens this month, for the live <c>currentUsage</c> of the provider APIs: what the managed-provider
/// capability reads of the usage meter (<see cref="ProviderUsageMeter"/>).
/// </summary>
internal interface IProviderUsage
{
    long Used(string provider);
}
