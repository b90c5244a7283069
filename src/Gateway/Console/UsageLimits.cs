using System.Globalization;
using System.Text;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Usage page's "current period against each limit": the limits of the owner and of its keys (the admin: every
/// owner and key that has limits), each with what the ledger says was used this UTC day or month and what remains,
/// from the same source as <c>GET /v1/usage</c>. Per-minute rates are counted by the limiter, not the ledger.
/// </summary>
internal sealed class UsageLimits(IKeyLimits keyLimits, IOwnerLimits ownerLimits, LedgerBook ledger, IConsoleKeys keys, IOwnerLimitStore store, TimeProvider time, ILimitCounter? counter = null)
{
    public async Task WriteAsync(StringBuilder html, ConsoleSession session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scopes = new List<(string Scope, string? KeyId, string? Owner, LimitSet Limits)>();
        if (session.Identity.IsAdmin)
        {
            foreach (var (owner, json) in (await store.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                if (LimitSetJson.FromText(json) is { IsEmpty: false } set)
                {
                    scopes.Add(("owner " + owner, null, owner, set));
                }
            }
        }
        else if (ownerLimits.For(session.Identity.Owner!) is { IsEmpty: false } own)
        {
            scopes.Add(("owner " + session.Identity.Owner, null, session.Identity.Owner, own));
        }

        if (keys.Available)
        {
            foreach (var key in (await keys.ListAsync(cancellationToken).ConfigureAwait(false))
                .Where(k => k.RevokedAt is null && (session.Identity.IsAdmin || k.Owner == session.Identity.Owner)).OrderBy(k => k.Owner, StringComparer.Ordinal))
            {
                if (keyLimits.For(key.Id) is { IsEmpty: false } set)
                {
                    scopes.Add(($"key {key.Label ?? key.Prefix} ({key.Owner})", key.Id, key.Owner, set));
                }
            }
        }

        html.Append("<section aria-labelledby=\"limits-title\"><h2 id=\"limits-title\">Current period against each limit</h2>");
        if (scopes.Count == 0)
        {
            html.Append("<p>No ").Append(session.Identity.IsAdmin ? "owner or key" : "limit on this owner or its keys").Append(session.Identity.IsAdmin ? " has limits.</p></section>" : ".</p></section>");
            return;
        }

        html.Append("<div class=\"scroll\"><table id=\"usage-limits\"><thead><tr><th scope=\"col\">Scope</th><th scope=\"col\">Limit</th><th scope=\"col\">Window</th>")
            .Append("<th scope=\"col\">Value</th><th scope=\"col\">Used</th><th scope=\"col\">Remaining</th><th scope=\"col\">Resets (UTC)</th></tr></thead><tbody>");
        foreach (var (scope, keyId, owner, set) in scopes)
        {
            var used = await ledger.TotalsAsync(keyId, owner, now).ConfigureAwait(false);
            foreach (var kind in LimitKinds.All)
            {
                if (LimitKinds.Of(set, kind) is { } limit)
                {
                    var current = LimitKinds.Period(kind) == LimitPeriod.Minute
                        ? counter is null ? null : await counter.ReadAsync(LimitPlanner.CounterOf(keyId, owner, kind, now)).ConfigureAwait(false)
                        : Used(kind, used);
                    Row(html, scope, kind, limit, current, now);
                }
            }
        }

        html.Append("</tbody></table></div><p class=\"hint\">Day and month: the ledger's totals, every replica included. This minute: the limiter's counters (shared through Redis with replicas), reservations in flight included; every API answer also reports them in its <code>x-ratelimit-*</code> headers.</p></section>");
    }

    private static long? Used(LimitKind kind, (long DayTokens, long DayMicroUsd, long MonthTokens, long MonthMicroUsd) used) => kind switch
    {
        LimitKind.UsdPerDay => used.DayMicroUsd,
        LimitKind.TokensPerDay => used.DayTokens,
        LimitKind.UsdPerMonth => used.MonthMicroUsd,
        LimitKind.TokensPerMonth => used.MonthTokens,
        _ => null,
    };

    private static void Row(StringBuilder html, string scope, LimitKind kind, long limit, long? used, DateTimeOffset now)
    {
        var period = LimitKinds.Period(kind);
        var usd = kind is LimitKind.UsdPerDay or LimitKind.UsdPerMonth;
        string Amount(long value) => usd ? "$" + UsageTables.Usd(value) : value.ToString(CultureInfo.InvariantCulture);
        html.Append("<tr><th scope=\"row\">").Append(E(scope)).Append("</th><td>").Append(LimitKinds.Name(kind)).Append("</td><td>")
            .Append(period switch { LimitPeriod.Minute => "this minute", LimitPeriod.Day => "today", _ => "this month" }).Append("</td><td>").Append(E(Amount(limit)))
            .Append("</td><td>").Append(used is { } u ? E(Amount(u)) : "–").Append("</td><td>").Append(used is { } v ? E(Amount(Math.Max(0, limit - v))) : "–")
            .Append("</td><td>").Append(E(LimitWindows.Reset(period, now).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</td></tr>");
    }
}
