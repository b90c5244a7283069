using System.Globalization;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Accounts.Keys;

/// <summary>
/// A key as the admin API shows it: id, prefix, owner, label, models, limits and times. Never the key nor its hash
/// (there is no field that could carry either); the key's text is written once, by the create and rotate answers.
/// </summary>
internal static class ClientKeyJson
{
    public static void Write(Utf8JsonWriter w, ClientKeyRecord record, DateTimeOffset? pendingUse, string? key = null)
    {
        w.WriteStartObject();
        w.WriteString("id", record.Id);
        if (key is not null)
        {
            w.WriteString("key", key);
        }

        w.WriteString("prefix", record.Prefix);
        w.WriteString("owner", record.Owner);
        w.WriteString("label", record.Label);
        w.WriteStartArray("models");
        foreach (var model in ModelsFromText(record.Models))
        {
            w.WriteStringValue(model);
        }

        w.WriteEndArray();
        w.WritePropertyName("limits");
        LimitSetJson.Write(w, LimitSetJson.FromText(record.Limits), withNulls: false);
        Time(w, "expiresAt", record.ExpiresAt);
        Time(w, "createdAt", record.CreatedAt);
        Time(w, "updatedAt", record.UpdatedAt);
        Time(w, "lastUsedAt", pendingUse is { } pending && (record.LastUsedAt is null || pending > record.LastUsedAt) ? pending : record.LastUsedAt);
        Time(w, "revokedAt", record.RevokedAt);
        Time(w, "previousKeyValidUntil", record.PreviousKeyHash is null ? null : record.PreviousValidUntil);
        w.WriteEndObject();
    }

    public static string? ModelsToText(IReadOnlyList<string>? models)
    {
        if (models is null or { Count: 0 })
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var model in models)
            {
                w.WriteStringValue(model);
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<string> ModelsFromText(string? text)
    {
        if (text is null)
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            w.WriteString(name, time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
