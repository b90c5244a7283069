using System.Globalization;
using System.Text;
using Gateway.Accounts.Ledger;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>The Usage page's tables of ledger sums: the rows grouped as asked, and cost by provider and model. Aggregates only.</summary>
internal static class UsageTables
{
    /// <summary>The rows summed by <paramref name="groupBy"/> (one ledger dimension), with a total; <paramref name="names"/> adds a readable name to a value (a managed key's label).</summary>
    public static void Grouped(StringBuilder html, IReadOnlyList<LedgerRow> rows, string groupBy, string groupLabel, IReadOnlyDictionary<string, string> names)
    {
        html.Append("<section aria-labelledby=\"groups-title\"><h2 id=\"groups-title\">By ").Append(E(groupLabel.ToLowerInvariant())).Append("</h2>");
        if (rows.Count == 0)
        {
            html.Append("<p>No usage in this range.</p></section>");
            return;
        }

        html.Append("<div class=\"scroll\"><table id=\"usage-groups\"><thead><tr><th scope=\"col\">").Append(E(groupLabel)).Append("</th><th scope=\"col\">Requests</th>")
            .Append("<th scope=\"col\">Prompt tokens</th><th scope=\"col\">Completion tokens</th><th scope=\"col\">Cached tokens</th><th scope=\"col\">Cost (USD)</th><th scope=\"col\">Errors</th></tr></thead><tbody>");
        foreach (var (values, sum) in LedgerGroups.Group(rows, [groupBy]))
        {
            html.Append("<tr><th scope=\"row\">").Append(E(values[0].Length == 0 ? "(none)" : values[0]));
            if (names.GetValueOrDefault(values[0]) is { } name)
            {
                html.Append(" <small>").Append(E(name)).Append("</small>");
            }

            html.Append("</th>");
            Sums(html, sum);
            html.Append("</tr>");
        }

        html.Append("</tbody><tfoot><tr><th scope=\"row\">Total</th>");
        Sums(html, LedgerGroups.Group(rows, []).Single().Sum);
        html.Append("</tr></tfoot></table></div></section>");
    }

    /// <summary>Cost by provider and model over the range, the most expensive first.</summary>
    public static void CostByModel(StringBuilder html, IReadOnlyList<LedgerRow> rows)
    {
        html.Append("<section aria-labelledby=\"models-title\"><h2 id=\"models-title\">Cost by model</h2>");
        if (rows.Count == 0)
        {
            html.Append("<p>No usage in this range.</p></section>");
            return;
        }

        html.Append("<div class=\"scroll\"><table id=\"usage\"><thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Model</th><th scope=\"col\">Requests</th>")
            .Append("<th scope=\"col\">Prompt tokens</th><th scope=\"col\">Completion tokens</th><th scope=\"col\">Cost (USD)</th></tr></thead><tbody>");
        foreach (var (values, sum) in LedgerGroups.Group(rows, ["provider", "model"]).OrderByDescending(g => g.Sum.CostMicroUsd))
        {
            html.Append("<tr><th scope=\"row\">").Append(E(values[0])).Append("</th><td>").Append(E(values[1])).Append("</td><td>")
                .Append(FormattableString.Invariant($"{sum.Requests}</td><td>{sum.PromptTokens}</td><td>{sum.CompletionTokens}</td><td>{Usd(sum.CostMicroUsd)}"))
                .Append("</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
    }

    /// <summary>Micro-USD as dollars with all six decimals (the ledger's exact unit).</summary>
    public static string Usd(long microUsd) => (microUsd / 1_000_000m).ToString("0.000000", CultureInfo.InvariantCulture);

    private static void Sums(StringBuilder html, LedgerRow sum) =>
        html.Append(FormattableString.Invariant($"<td>{sum.Requests}</td><td>{sum.PromptTokens}</td><td>{sum.CompletionTokens}</td><td>{sum.CachedTokens}</td><td>{Usd(sum.CostMicroUsd)}</td><td>{sum.Errors}</td>"));
}
