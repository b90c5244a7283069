using System.Text.Json;

namespace Gateway.Accounts;

/// <summary>
/// A <see cref="LimitSet"/> in the admin APIs' JSON (<c>requestsPerMinute</c>, <c>tokensPerMinute</c>, <c>usdPerDay</c>,
/// <c>usdPerMonth</c>, <c>tokensPerDay</c>, <c>tokensPerMonth</c>; counts whole numbers from 0, budgets numbers from 0,
/// each optional or null), read by hand so a bad field is named rather than reported as a deserializer's message. One
/// reader and writer for both APIs: the owners' limits (every field written, unset ones as null; errors name the field)
/// and a client key's <c>limits</c> (only the set fields; errors name <c>limits.field</c>). Pure functions.
/// </summary>
internal static class LimitSetJson
{
    private static readonly string[] Counts = ["requestsPerMinute", "tokensPerMinute", "tokensPerDay", "tokensPerMonth"];
    private static readonly string[] Budgets = ["usdPerDay", "usdPerMonth"];

    /// <summary>Reads limits from <paramref name="element"/> (an object, or null: none); an empty set is null too.</summary>
    /// <param name="prefix">How an error names a field: <c>limits.</c> inside a key's body, empty for the owners' body.</param>
    public static bool TryRead(JsonElement element, string prefix, out LimitSet? limits, out string? error)
    {
        (limits, error) = (null, null);
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = prefix.Length > 0 ? $"{prefix.TrimEnd('.')} must be an object or null" : "The body must be a JSON object of limits";
            return false;
        }

        var set = new LimitSet();
        foreach (var property in element.EnumerateObject())
        {
            var (name, value, whole) = (property.Name, property.Value, Counts.Contains(property.Name));
            if (!whole && !Budgets.Contains(name))
            {
                error = $"{prefix}{name} is not a limit (known: {string.Join(", ", Counts.Concat(Budgets))})";
                return false;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < 0
                || (whole && (number != decimal.Truncate(number) || number > long.MaxValue)))
            {
                error = $"{prefix}{name} must be {(whole ? "a whole number" : "a number")} from 0, or null";
                return false;
            }

            set = name switch
            {
                "requestsPerMinute" => set with { RequestsPerMinute = (long)number },
                "tokensPerMinute" => set with { TokensPerMinute = (long)number },
                "tokensPerDay" => set with { TokensPerDay = (long)number },
                "tokensPerMonth" => set with { TokensPerMonth = (long)number },
                "usdPerDay" => set with { UsdPerDay = number },
                _ => set with { UsdPerMonth = number },
            };
        }

        limits = set.IsEmpty ? null : set;
        return true;
    }

    /// <summary>The owners' API body: a JSON object of limits (an error for anything else, including invalid JSON).</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out LimitSet? limits, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                (limits, error) = (null, "The body must be a JSON object of limits.");
                return false;
            }

            var read = TryRead(document.RootElement, "", out limits, out error);
            error = read ? null : error + ".";
            return read;
        }
        catch (JsonException)
        {
            (limits, error) = (null, "The body is not valid JSON.");
            return false;
        }
    }

    /// <summary>Writes the set as an object.</summary>
    /// <param name="withNulls">The owners' API: every field, unset ones (all, for no set) as null. Otherwise only the set fields, and null for no set.</param>
    public static void Write(Utf8JsonWriter writer, LimitSet? limits, bool withNulls)
    {
        if (limits is null && !withNulls)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        Number(writer, "requestsPerMinute", limits?.RequestsPerMinute, withNulls);
        Number(writer, "tokensPerMinute", limits?.TokensPerMinute, withNulls);
        Number(writer, "usdPerDay", limits?.UsdPerDay, withNulls);
        Number(writer, "usdPerMonth", limits?.UsdPerMonth, withNulls);
        Number(writer, "tokensPerDay", limits?.TokensPerDay, withNulls);
        Number(writer, "tokensPerMonth", limits?.TokensPerMonth, withNulls);
        writer.WriteEndObject();
    }

    /// <summary>The set as stored text (see <see cref="Write"/>); null for no set without <paramref name="withNulls"/>.</summary>
    public static string? ToText(LimitSet? limits, bool withNulls = false)
    {
        if (limits is null && !withNulls)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, limits, withNulls);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Stored text back as a set (either form; anything unreadable, or no limit set, is null).</summary>
    public static LimitSet? FromText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return TryRead(document.RootElement, "", out var limits, out _) ? limits : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, decimal? value, bool withNulls)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else if (withNulls)
        {
            writer.WriteNull(name);
        }
    }
}
