using Gateway.Contracts;

namespace Gateway.Accounts.Ledger;

/// <summary>Sums ledger rows by the dimensions asked (<c>key</c>, <c>owner</c>, <c>provider</c>, <c>model</c>, <c>day</c>): a pure function for the usage views.</summary>
internal static class LedgerGroups
{
    public static readonly string[] Dimensions = ["key", "owner", "provider", "model", "day"];

    /// <summary>One group: its dimension values (in the order asked) and its sums.</summary>
    public static IReadOnlyList<(string[] Values, LedgerRow Sum)> Group(IEnumerable<LedgerRow> rows, IReadOnlyList<string> by) =>
        [.. rows.GroupBy(r => string.Join('\u0001', by.Select(d => Value(r, d))), StringComparer.Ordinal)
            .Select(g => (by.Select(d => Value(g.First(), d)).ToArray(), g.Aggregate(Empty, Add)))
            .OrderBy(g => string.Join('\u0001', g.Item1), StringComparer.Ordinal)];

    private static readonly LedgerRow Empty = new("", "", "", "", "", 0, 0, 0, 0, 0, 0);

    private static LedgerRow Add(LedgerRow a, LedgerRow b) => a with
    {
        Requests = a.Requests + b.Requests,
        PromptTokens = a.PromptTokens + b.PromptTokens,
        CompletionTokens = a.CompletionTokens + b.CompletionTokens,
        CachedTokens = a.CachedTokens + b.CachedTokens,
        CostMicroUsd = a.CostMicroUsd + b.CostMicroUsd,
        Errors = a.Errors + b.Errors,
    };

    private static string Value(LedgerRow row, string dimension) => dimension switch
    {
        "key" => row.KeyId,
        "owner" => row.Owner,
        "provider" => row.Provider,
        "model" => row.Model,
        _ => row.Day,
    };
}
