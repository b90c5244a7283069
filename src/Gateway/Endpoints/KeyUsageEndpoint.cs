using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>GET /v1/usage</c> for a key holder: its key's and its owner's budgets of the current UTC day and month (limit,
/// used as the ledger says, remaining, reset), and its own daily history (the last 31 days). Rates per minute are in
/// every answer's <c>x-ratelimit-*</c> headers instead.
/// </summary>
internal sealed class KeyUsageEndpoint(IKeyLimits keys, IOwnerLimits owners, LedgerBook ledger, TimeProvider time)
{
    private static readonly LimitKind[] Budgets = [LimitKind.UsdPerDay, LimitKind.TokensPerDay, LimitKind.UsdPerMonth, LimitKind.TokensPerMonth];

    public async Task GetAsync(HttpContext context)
    {
        if (context.User.FindFirst(GatewayClaims.KeyId)?.Value is not { } keyId)
        {
            await OpenAIError.WriteAsync(context, 401, "Usage is shown to a client key: send one as a Bearer token.", ErrorTypes.Authentication, "invalid_api_key").ConfigureAwait(false);
            return;
        }

        var owner = GatewayClaims.OwnerOf(context.User);
        var now = time.GetUtcNow();
        var keyTotals = await ledger.TotalsAsync(keyId, owner, now).ConfigureAwait(false);
        var ownerTotals = owner is null ? default : await ledger.TotalsAsync(null, owner, now).ConfigureAwait(false);
        var history = await ledger.ReadAsync(LedgerBook.Day(now.AddDays(-30)), LedgerBook.Day(now), keyId, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("object", "usage");
        writer.WriteString("key_id", keyId);
        writer.WriteString("owner", owner);
        writer.WriteStartArray("periods");
        Periods(writer, "key", keys.For(keyId), keyTotals, now);
        if (owner is not null)
        {
            Periods(writer, "owner", owners.For(owner), ownerTotals, now);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("daily");
        foreach (var (values, sum) in LedgerGroups.Group(history, ["day"]))
        {
            writer.WriteStartObject();
            writer.WriteString("day", values[0]);
            LedgerJson.WriteSums(writer, sum);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Periods(Utf8JsonWriter writer, string scope, LimitSet? limits, (long DayTokens, long DayMicroUsd, long MonthTokens, long MonthMicroUsd) used, DateTimeOffset now)
    {
        foreach (var kind in Budgets)
        {
            if (limits is null || LimitKinds.Of(limits, kind) is not { } limit)
            {
                continue;
            }

            var value = kind switch
            {
                LimitKind.UsdPerDay => used.DayMicroUsd,
                LimitKind.TokensPerDay => used.DayTokens,
                LimitKind.UsdPerMonth => used.MonthMicroUsd,
                _ => used.MonthTokens,
            };
            var usd = kind is LimitKind.UsdPerDay or LimitKind.UsdPerMonth;
            writer.WriteStartObject();
            writer.WriteString("scope", scope);
            writer.WriteString("limit", LimitKinds.Name(kind));
            writer.WriteNumber("value", usd ? limit / 1_000_000m : limit);
            writer.WriteNumber("used", usd ? value / 1_000_000m : value);
            writer.WriteNumber("remaining", usd ? Math.Max(0, limit - value) / 1_000_000m : Math.Max(0, limit - value));
            writer.WriteString("resets_at", LimitWindows.Reset(LimitKinds.Period(kind), now));
            writer.WriteEndObject();
        }
    }
}
