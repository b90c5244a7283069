using System.Text.Json;

namespace Gateway.Accounts;

/// <summary>
/// A <see cref="LimitSet"/> in the admin APIs' JSON (<c>requestsPerMinute</c>, <c>tokensPerMinute</c>, <c>usdPerDay</c>,
/// <c>usdPerMonth</c>, <c>tokensPerDay</c>, <c>tokensPerMonth</c>; counts whole numbers from 0, budgets numbers from 0,
/// each optional or null), read by hand so a bad field is named rather than reported as a deserializer's message. One
/// reader and writer for both APIs: the owners' limits (every field written, unset ones as null; errors name the field)
/// and a client key's <c>limits</c> (only the set fields; errors name <c>limits.field</c>). Pure functions.
/// </summary>
internal static partial class LimitSetJson
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
            if (name == "onShortfall")
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.String || value.GetString() is not (Shortfall.Refuse or Shortfall.Clamp))
                {
                    error = $"{prefix}onShortfall must be \"{Shortfall.Refuse}\" or \"{Shortfall.Clamp}\", or null";
                    return false;
                }

                set = set with { OnShortfall = value.GetString() };
                continue;
            }

            if (!whole && !Budgets.Contains(name))
            {
                error = $"{prefix}{name} is not a limit (known: {string.Join(", ", Counts.Concat(Budgets))}, and onShortfall)";
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

        limits = set.IsEmpty && set.OnShortfall is null ? null : set;
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
}
