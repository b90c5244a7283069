namespace Gateway.Accounts.ProviderUsage;

/// <summary>The ledger summed per provider: what providers' usage limits are measured against.</summary>
internal interface IProviderTokenTotals
{
    /// <summary>Tokens (prompt + completion) per provider over days <paramref name="from"/> to <paramref name="to"/> (inclusive, <c>yyyy-MM-dd</c>).</summary>
    Task<IReadOnlyDictionary<string, long>> SumByProviderAsync(string from, string to, CancellationToken cancellationToken);
}
