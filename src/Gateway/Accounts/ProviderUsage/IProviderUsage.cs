namespace Gateway.Store;

/// <summary>
/// A provider's tokens this month, for the live <c>currentUsage</c> of the provider APIs. Implemented by the usage
/// meter of Accounts (which reads the ledger this store keeps), so Store does not depend on Accounts.
/// </summary>
internal interface IProviderUsage
{
    long Used(string provider);
}
