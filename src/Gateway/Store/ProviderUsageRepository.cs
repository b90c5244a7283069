using Gateway.Accounts.ProviderUsage;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>The ledger summed per provider: what providers' usage limits are measured against.</summary>
internal sealed class ProviderUsageRepository(StoreSession session) : IProviderTokenTotals
{
    /// <summary>Tokens (prompt + completion) per provider over days <paramref name="from"/> to <paramref name="to"/> (inclusive, <c>yyyy-MM-dd</c>).</summary>
    public Task<IReadOnlyDictionary<string, long>> SumByProviderAsync(string from, string to, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction,
            "SELECT provider, SUM(prompt_tokens + completion_tokens) FROM usage_ledger WHERE day >= @from AND day <= @to GROUP BY provider;");
        Add(command, "from", from);
        Add(command, "to", to);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sums[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return (IReadOnlyDictionary<string, long>)sums;
    }, write: false, cancellationToken);
}
