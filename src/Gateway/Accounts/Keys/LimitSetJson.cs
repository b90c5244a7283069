using System.Text.Json;

namespace Gateway.Accounts.Keys;

/// <summary>
/// <see cref="LimitSet"/> in the admin API's JSON, read by hand so a bad field is named (<c>limits.usdPerDay</c>)
/// rather than reported as a deserializer's message. Counts are whole numbers from 0; budgets numbers from 0.
/// </summary>
internal static class LimitSetJson
{
    private static readonly string[] Counts = ["requestsPerMinute", "tokensPerMinute", "tokensPerDay", "tokensPerMonth"];
    private static readonly string[] Budgets = ["usdPerDay", "usdPerMonth"];

    public static bool TryRead(JsonElement element, out LimitSet? limits, out string? error)
    {
        (limits, error) = (null, null);
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "limits must be an object or null";
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!Counts.Contains(property.Name) && !Budgets.Contains(property.Name))
            {
                error = $"limits.{property.Name} is not a limit (known: {string.Join(", ", Counts.Concat(Budgets))})";
                return false;
            }

            var value = property.Value;
            var whole = Counts.Contains(property.Name);
            if (value.ValueKind != JsonValueKind.Null
                && (value.ValueKind != JsonValueKind.Number || (whole ? !value.TryGetInt64(out var n) || n < 0 : !value.TryGetDecimal(out var d) || d < 0)))
            {
                error = $"limits.{property.Name} must be {(whole ? "a whole number" : "a number")} from 0, or null";
                return false;
            }
        }

        limits = new LimitSet
        {
            RequestsPerMinute = Long(element, "requestsPerMinute"),
            TokensPerMinute = Long(element, "tokensPerMinute"),
            UsdPerDay = Decimal(element, "usdPerDay"),
            UsdPerMonth = Decimal(element, "usdPerMonth"),
            TokensPerDay = Long(element, "tokensPerDay"),
            TokensPerMonth = Long(element, "tokensPerMonth"),
        };
        if (limits.IsEmpty)
        {
            limits = null;
        }

        return true;
    }

    /// <summary>The set's JSON object (only the limits set), or null for none.</summary>
    public static void Write(Utf8JsonWriter w, LimitSet? limits)
    {
        if (limits is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        WriteOptional(w, "requestsPerMinute", limits.RequestsPerMinute);
        WriteOptional(w, "tokensPerMinute", limits.TokensPerMinute);
        if (limits.UsdPerDay is { } day)
        {
            w.WriteNumber("usdPerDay", day);
        }

        if (limits.UsdPerMonth is { } month)
        {
            w.WriteNumber("usdPerMonth", month);
        }

        WriteOptional(w, "tokensPerDay", limits.TokensPerDay);
        WriteOptional(w, "tokensPerMonth", limits.TokensPerMonth);
        w.WriteEndObject();
    }

    public static string? ToText(LimitSet? limits)
    {
        if (limits is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            Write(w, limits);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The stored text back as a set (a row written by this class; anything unreadable counts as no limits).</summary>
    public static LimitSet? FromText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return TryRead(document.RootElement, out var limits, out _) ? limits : null;
    }

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static decimal? Decimal(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    private static void WriteOptional(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } set)
        {
            w.WriteNumber(name, set);
        }
    }
}
