using System.Text.Json;

namespace Gateway.Accounts;

internal static partial class LimitSetJson
{
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
        if (limits?.OnShortfall is { } shortfall)
        {
            writer.WriteString("onShortfall", shortfall); // written only when set: absent means refuse
        }

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
