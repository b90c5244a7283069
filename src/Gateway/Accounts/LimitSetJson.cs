using System.Text.Json;

namespace Gateway.Accounts;

/// <summary>
/// Reads and writes a <see cref="LimitSet"/> as the admin API's JSON (<c>requestsPerMinute</c>, <c>tokensPerMinute</c>,
/// <c>usdPerDay</c>, <c>usdPerMonth</c>, <c>tokensPerDay</c>, <c>tokensPerMonth</c>; each a non-negative number or null).
/// A pure function; an unknown or bad field is an error naming it.
/// </summary>
internal static class LimitSetJson
{
    public static LimitSet? Parse(ReadOnlySpan<byte> json, out string error)
    {
        error = "";
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object of limits.";
                return null;
            }

            var set = new LimitSet();
            foreach (var field in document.RootElement.EnumerateObject())
            {
                var value = field.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < 0)
                {
                    error = $"'{field.Name}' must be a non-negative number or null.";
                    return null;
                }

                var whole = number == decimal.Truncate(number) && number <= long.MaxValue ? (long?)(long)number : null;
                set = field.Name switch
                {
                    "requestsPerMinute" when whole is not null => set with { RequestsPerMinute = whole },
                    "tokensPerMinute" when whole is not null => set with { TokensPerMinute = whole },
                    "tokensPerDay" when whole is not null => set with { TokensPerDay = whole },
                    "tokensPerMonth" when whole is not null => set with { TokensPerMonth = whole },
                    "usdPerDay" => set with { UsdPerDay = number },
                    "usdPerMonth" => set with { UsdPerMonth = number },
                    _ => null!,
                };
                if (set is null)
                {
                    error = $"'{field.Name}' is not a limit (or must be a whole number): use requestsPerMinute, tokensPerMinute, usdPerDay, usdPerMonth, tokensPerDay, tokensPerMonth.";
                    return null;
                }
            }

            return set;
        }
        catch (JsonException)
        {
            error = "The body is not valid JSON.";
            return null;
        }
    }

    public static void Write(Utf8JsonWriter writer, LimitSet? set)
    {
        writer.WriteStartObject();
        Number(writer, "requestsPerMinute", set?.RequestsPerMinute);
        Number(writer, "tokensPerMinute", set?.TokensPerMinute);
        Number(writer, "usdPerDay", set?.UsdPerDay);
        Number(writer, "usdPerMonth", set?.UsdPerMonth);
        Number(writer, "tokensPerDay", set?.TokensPerDay);
        Number(writer, "tokensPerMonth", set?.TokensPerMonth);
        writer.WriteEndObject();
    }

    public static string ToJson(LimitSet set)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, set);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
