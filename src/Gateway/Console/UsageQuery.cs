using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// The Usage page's range and grouping from its GET form: UTC days <c>from</c> and <c>to</c> (default: the last 7
/// days, today included) and one <c>group_by</c> dimension of the ledger. The texts as sent are kept to refill the form.
/// </summary>
internal sealed record UsageQuery(string FromText, string ToText, string GroupBy, DateOnly From, DateOnly To)
{
    /// <summary>The longest range the page sums, in days.</summary>
    public const int MaxDays = 366;

    /// <summary>The form's choices: the ledger's dimensions, with their labels.</summary>
    public static readonly (string Value, string Label)[] Groups = [("day", "Day"), ("provider", "Provider"), ("model", "Model"), ("key", "Key"), ("owner", "Owner")];

    public string FromDay => Day(From);

    public string ToDay => Day(To);

    /// <summary>Every day of the range, in order (for the chart's axis).</summary>
    public IEnumerable<string> Days => Enumerable.Range(0, To.DayNumber - From.DayNumber + 1).Select(i => Day(From.AddDays(i)));

    /// <summary>The query as asked, or the message that says what is wrong with it (the query then still refills the form).</summary>
    public static (UsageQuery Query, string? Error) Parse(IQueryCollection query, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var (fromText, toText, groupBy) = (query["from"].ToString().Trim(), query["to"].ToString().Trim(), query["group_by"].ToString().Trim());
        var defaults = new UsageQuery(fromText, toText, groupBy.Length == 0 ? "day" : groupBy, today.AddDays(-6), today);
        if (!TryDay(fromText, defaults.From, out var from))
        {
            return (defaults, $"'From' must be a UTC day written yyyy-MM-dd, not '{fromText}'.");
        }

        if (!TryDay(toText, defaults.To, out var to))
        {
            return (defaults, $"'To' must be a UTC day written yyyy-MM-dd, not '{toText}'.");
        }

        var parsed = defaults with { From = from, To = to };
        if (from > to)
        {
            return (parsed, $"'From' ({Day(from)}) is after 'To' ({Day(to)}).");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            return (parsed, $"The range is {to.DayNumber - from.DayNumber + 1} days: at most {MaxDays} can be shown at once.");
        }

        if (!Groups.Any(g => g.Value == parsed.GroupBy))
        {
            return (parsed with { GroupBy = "day" }, $"Unknown grouping '{parsed.GroupBy}': use day, provider, model, key or owner.");
        }

        return (parsed, null);
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDay(string text, DateOnly fallback, out DateOnly day)
    {
        if (text.Length == 0)
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
