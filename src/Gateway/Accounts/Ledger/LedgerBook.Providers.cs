using Gateway.Accounts.ProviderUsage;

namespace Gateway.Accounts.Ledger;

internal sealed partial class LedgerBook
{
    /// <summary>
    /// Tokens (prompt + completion) per provider over days <paramref name="from"/> to <paramref name="to"/>: the store's
    /// rows (every replica's written batches) and this replica's unwritten batch, read with no flush in between, so no
    /// row is in neither or in both. <paramref name="betweenReads"/> runs after the store's read and before the batch's.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> ProviderTokensAsync(string from, string to, Action betweenReads, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sums = new Dictionary<string, long>(await totals.SumByProviderAsync(from, to, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            betweenReads();
            foreach (var row in Unwritten())
            {
                if (string.CompareOrdinal(row.Day, from) >= 0 && string.CompareOrdinal(row.Day, to) <= 0)
                {
                    sums[row.Provider] = sums.GetValueOrDefault(row.Provider) + row.PromptTokens + row.CompletionTokens;
                }
            }

            return sums;
        }
        finally
        {
            _flushing.Release();
        }
    }
}
