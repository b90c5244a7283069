using System.Globalization;
using System.Text.Json;
using Gateway.Accounts.Ledger;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET /admin/usage?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;group_by=key,owner,provider,model,day</c>: the ledger summed by
/// the dimensions asked (default: all five), over days <c>from</c> to <c>to</c> (default: today, UTC), this replica's
/// unwritten batch included.
/// </summary>
internal sealed class AdminLedgerUsage(LedgerBook ledger, TimeProvider time)
{
    public static bool Asked(HttpRequest request) => request.Query.ContainsKey("from") || request.Query.ContainsKey("to") || request.Query.ContainsKey("group_by");

    public async Task GetAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var today = LedgerBook.Day(time.GetUtcNow());
        if (!Day(query["from"].ToString(), today, out var from) || !Day(query["to"].ToString(), today, out var to))
        {
            await OpenAIError.WriteAsync(context, 400, "'from' and 'to' are UTC days written yyyy-MM-dd.", ErrorTypes.InvalidRequest, "invalid_date").ConfigureAwait(false);
            return;
        }

        var by = query["group_by"].ToString() is { Length: > 0 } asked ? asked.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : LedgerGroups.Dimensions;
        if (by.FirstOrDefault(d => !LedgerGroups.Dimensions.Contains(d, StringComparer.Ordinal)) is { } unknown)
        {
            await OpenAIError.WriteAsync(context, 400, $"Unknown group_by '{unknown}': use key, owner, provider, model or day.", ErrorTypes.InvalidRequest, "invalid_group_by").ConfigureAwait(false);
            return;
        }

        var rows = await ledger.ReadAsync(from, to, null, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("from", from);
        writer.WriteString("to", to);
        writer.WriteStartArray("group_by");
        foreach (var d in by)
        {
            writer.WriteStringValue(d);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("usage");
        foreach (var (values, sum) in LedgerGroups.Group(rows, by))
        {
            writer.WriteStartObject();
            for (var i = 0; i < by.Length; i++)
            {
                writer.WriteString(by[i], values[i]);
            }

            LedgerJson.WriteSums(writer, sum);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static bool Day(string text, string fallback, out string day)
    {
        day = text.Length == 0 ? fallback : text;
        return DateTime.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
