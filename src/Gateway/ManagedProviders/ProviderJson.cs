using System.Globalization;
using System.Text.Json;

namespace Gateway.ManagedProviders;

/// <summary>
/// A managed provider in the seed's response shape (camelCase, its field names), plus what the gateway adds: the
/// routing <c>name</c> (for <c>X-Gateway-Provider</c> pins and metrics), <c>status</c> and, for the admin, <c>owner</c>.
/// Never a key, token or ciphertext: only <c>keyHash</c>.
/// </summary>
internal static class ProviderJson
{
    public static void Write(Utf8JsonWriter writer, ManagedProviderRecord r, string? problem, bool withOwner)
    {
        writer.WriteStartObject();
        writer.WriteString("id", r.Id);
        writer.WriteString("provider", r.Provider);
        writer.WriteString("name", ManagedProviderOptions.NameOf(r));
        if (withOwner)
        {
            writer.WriteString("owner", r.Owner);
        }

        writer.WriteString("providerUserId", r.ProviderUserId);
        writer.WriteString("keyLabel", r.KeyLabel);
        writer.WriteString("keyHash", r.KeyHash);
        writer.WriteBoolean("isActive", r.IsActive);
        writer.WriteBoolean("isDefault", r.IsDefault);
        Number(writer, "usageLimit", r.UsageLimit);
        Number(writer, "usageRemaining", r.UsageLimit is { } limit ? Math.Max(0, limit - r.CurrentUsage) : null);
        writer.WriteNumber("currentUsage", r.CurrentUsage);
        Time(writer, "createdAt", r.CreatedAt);
        Time(writer, "updatedAt", r.UpdatedAt);
        Time(writer, "lastUsedAt", r.LastUsedAt);
        Time(writer, "tokenExpiresAt", r.TokenExpiresAt);
        Raw(writer, "supportedModels", r.SupportedModels);
        Raw(writer, "providerConfig", r.ProviderConfig);
        writer.WriteString("status", problem is not null ? "unusable" : !r.IsActive ? "inactive" : r.LimitReached ? "usage_limit_reached" : "active");
        if (problem is not null)
        {
            writer.WriteString("problem", problem);
        }

        writer.WriteEndObject();
    }

    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Time(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, Format(time));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Raw(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json, skipInputValidation: false);
        }
    }
}
