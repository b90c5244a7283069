using System.Globalization;
using System.Text;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Usage page over a chosen range of UTC days: the usage ledger's rows (the store's and this replica's unwritten
/// batch, as <c>/admin/usage</c> reads them; an owner's session reads only its owner's rows, filtered in the query),
/// drawn as spend and tokens per day, summed by the chosen dimension and by model, then each limit's current period.
/// Aggregated rows only, never request bodies. A bad range or grouping is a 400 with the form and a message.
/// </summary>
internal sealed class UsagePage(LedgerBook ledger, IKeyLimits keyLimits, IOwnerLimits ownerLimits, IConsoleKeys keys, IOwnerLimitStore store, TimeProvider time,
    Accounts.Limits.ILimitCounter? counter = null)
{
    private readonly UsageLimits _limits = new(keyLimits, ownerLimits, ledger, keys, store, time, counter);

    public async Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var (query, error) = UsageQuery.Parse(context.Request.Query, time.GetUtcNow());
        var html = new StringBuilder(8192);
        Form(html, query);
        if (error is not null)
        {
            html.Append("<p class=\"flash bad\" role=\"alert\" id=\"usage-error\">").Append(E(error)).Append("</p>");
            await PageAsync(context, session, "/usage", "Usage", html.ToString(), 400).ConfigureAwait(false);
            return;
        }

        var rows = session.Identity.IsAdmin
            ? await ledger.ReadAsync(query.FromDay, query.ToDay, null, context.RequestAborted).ConfigureAwait(false)
            : await ledger.ReadOwnerAsync(query.FromDay, query.ToDay, session.Identity.Owner!, context.RequestAborted).ConfigureAwait(false);
        html.Append("<p class=\"hint\">").Append(session.Identity.IsAdmin ? "Every owner's usage" : "Usage of owner " + E(session.Identity.Owner))
            .Append(" from ").Append(query.FromDay).Append(" to ").Append(query.ToDay).Append(" (UTC days, both included), from the usage ledger.</p>");
        Charts(html, query, rows);
        var label = UsageQuery.Groups.First(g => g.Value == query.GroupBy).Label;
        UsageTables.Grouped(html, rows, query.GroupBy, label, await KeyNamesAsync(query, context.RequestAborted).ConfigureAwait(false));
        UsageTables.CostByModel(html, rows);
        await _limits.WriteAsync(html, session, context.RequestAborted).ConfigureAwait(false);
        await PageAsync(context, session, "/usage", "Usage", html.ToString()).ConfigureAwait(false);
    }

    /// <summary>Grouped by key: each managed key's label (or display prefix) and owner beside its id; static keys have only their id.</summary>
    private async Task<IReadOnlyDictionary<string, string>> KeyNamesAsync(UsageQuery query, CancellationToken cancellationToken) =>
        query.GroupBy == "key" && keys.Available
            ? (await keys.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(k => k.Id, k => $"{k.Label ?? k.Prefix} ({k.Owner})", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    private static void Form(StringBuilder html, UsageQuery query)
    {
        html.Append("<form method=\"get\" class=\"card grid\" action=\"").Append(ConsoleRoutes.Root).Append("/usage\" aria-label=\"Usage range\">")
            .Append("<label for=\"usage-from\">From (UTC day)</label><input id=\"usage-from\" name=\"from\" type=\"date\" value=\"").Append(E(query.FromText.Length > 0 ? query.FromText : query.FromDay)).Append("\">")
            .Append("<label for=\"usage-to\">To (UTC day)</label><input id=\"usage-to\" name=\"to\" type=\"date\" value=\"").Append(E(query.ToText.Length > 0 ? query.ToText : query.ToDay)).Append("\">")
            .Append("<label for=\"usage-group\">Group by</label><select id=\"usage-group\" name=\"group_by\">");
        foreach (var (value, label) in UsageQuery.Groups)
        {
            html.Append("<option value=\"").Append(value).Append('"').Append(value == query.GroupBy ? " selected" : "").Append('>').Append(label).Append("</option>");
        }

        html.Append("</select><button type=\"submit\">Show usage</button></form>");
    }

    private static void Charts(StringBuilder html, UsageQuery query, IReadOnlyList<LedgerRow> rows)
    {
        var byDay = LedgerGroups.Group(rows, ["day"]).ToDictionary(g => g.Values[0], g => g.Sum, StringComparer.Ordinal);
        var days = query.Days.Select(d => (Day: d, Sum: byDay.GetValueOrDefault(d))).ToList();
        html.Append("<section aria-labelledby=\"charts-title\"><h2 id=\"charts-title\">Per day</h2>");
        UsageChart.Write(html, "chart-spend", "Spend per day (USD)", "USD", [.. days.Select(d => (d.Day, (d.Sum?.CostMicroUsd ?? 0) / 1_000_000.0))],
            v => "$" + v.ToString(v >= 1 ? "0.00" : "0.0000", CultureInfo.InvariantCulture));
        UsageChart.Write(html, "chart-tokens", "Tokens per day (prompt and completion)", "tokens", [.. days.Select(d => (d.Day, (double)((d.Sum?.PromptTokens ?? 0) + (d.Sum?.CompletionTokens ?? 0))))],
            v => v.ToString("#,0", CultureInfo.InvariantCulture));
        html.Append("</section>");
    }
}
