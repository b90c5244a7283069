using System.Globalization;
using System.Text.Json;

namespace Gateway.Accounts.Keys;

/// <summary>
/// The body of <c>POST /admin/keys</c> and <c>PATCH /admin/keys/{id}</c>. For a patch, a field left out stays as it
/// is and a field sent as null clears it (label, models, expiresAt, limits). Every problem names its field.
/// </summary>
internal sealed record ClientKeyInput
{
    private static readonly string[] Known = ["owner", "label", "models", "expiresAt", "limits"];

    public string? Owner { get; private init; }

    public bool HasOwner { get; private init; }

    public string? Label { get; private init; }

    public bool HasLabel { get; private init; }

    public IReadOnlyList<string>? Models { get; private init; }

    public bool HasModels { get; private init; }

    public DateTimeOffset? ExpiresAt { get; private init; }

    public bool HasExpiresAt { get; private init; }

    public LimitSet? Limits { get; private init; }

    public bool HasLimits { get; private init; }

    public static bool TryParse(ReadOnlySpan<byte> body, out ClientKeyInput? input, out string? error)
    {
        (input, error) = (null, null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            error = "The request body is not valid JSON.";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object.";
                return false;
            }

            if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !Known.Contains(name)) is { } unknown)
            {
                error = $"{unknown} is not a field of a client key (known: {string.Join(", ", Known)}).";
                return false;
            }

            var owner = ReadText(root, "owner", 128, ref error);
            var label = ReadText(root, "label", 256, ref error);
            var models = ReadModels(root, ref error);
            var expires = ReadTime(root, ref error);
            LimitSet? limits = null;
            if (error is null && root.TryGetProperty("limits", out var limitsElement) && !LimitSetJson.TryRead(limitsElement, "limits.", out limits, out error))
            {
                error += ".";
            }

            if (error is not null)
            {
                return false;
            }

            input = new ClientKeyInput
            {
                Owner = owner, HasOwner = root.TryGetProperty("owner", out _),
                Label = label, HasLabel = root.TryGetProperty("label", out _),
                Models = models, HasModels = root.TryGetProperty("models", out _),
                ExpiresAt = expires, HasExpiresAt = root.TryGetProperty("expiresAt", out _),
                Limits = limits, HasLimits = root.TryGetProperty("limits", out _),
            };
            return true;
        }
    }

    private static string? ReadText(JsonElement root, string name, int max, ref string? error)
    {
        if (error is not null || !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text || text.Length > max || text.Any(char.IsControl))
        {
            error = $"{name} must be a non-empty string of at most {max} characters.";
            return null;
        }

        return text;
    }

    private static List<string>? ReadModels(JsonElement root, ref string? error)
    {
        if (error is not null || !root.TryGetProperty("models", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > 256
            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 and <= 256 }))
        {
            error = "models must be an array of model names, tiers or 'provider/*' (at most 256, each 1 to 256 characters), or null.";
            return null;
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static DateTimeOffset? ReadTime(JsonElement root, ref string? error)
    {
        if (error is not null || !root.TryGetProperty("expiresAt", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            error = "expiresAt must be an ISO 8601 date and time (e.g. 2030-01-31T00:00:00Z), or null.";
            return null;
        }

        return time;
    }
}
