using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.ManagedProviders;

/// <summary>
/// A create or update body of the provider API, in the seed's field names: <c>provider</c>, <c>apiKey</c>,
/// <c>keyLabel</c>, <c>isActive</c>, <c>isDefault</c>, <c>usageLimit</c>, <c>usageRemaining</c>,
/// <c>supportedModels</c>, <c>providerConfig</c> (and, for the admin, <c>owner</c>). Absent fields are null: an update
/// leaves them as they are.
/// </summary>
internal sealed record ProviderInput
{
    public string? Provider { get; init; }

    public string? ApiKey { get; init; }

    public string? KeyLabel { get; init; }

    public bool? IsActive { get; init; }

    public bool? IsDefault { get; init; }

    public long? UsageLimit { get; init; }

    public bool ClearsUsageLimit { get; init; }

    public long? UsageRemaining { get; init; }

    /// <summary>The JSON text of the array, validated.</summary>
    public string? SupportedModels { get; init; }

    /// <summary>The JSON text of the object, validated.</summary>
    public string? ProviderConfig { get; init; }

    public string? Owner { get; init; }

    public bool HasOwner { get; init; }

    /// <summary>Parses a body; every problem is a 400 naming the field. The key's text is never part of a message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out ProviderInput input, out ApiError? error)
    {
        input = new ProviderInput();
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            error = ApiError.Invalid("The request body is not valid JSON.");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = ApiError.Invalid("The request body must be a JSON object.");
                return false;
            }

            var fields = new FieldReader(root, prefix: "");
            string? models = null;
            string? config = null;
            if (root.TryGetProperty("supportedModels", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                models = m.GetRawText();
                if (!ProviderConfigJson.TryReadModels(models, out _, out var problem))
                {
                    error = ApiError.Invalid(problem!);
                    return false;
                }
            }

            if (root.TryGetProperty("providerConfig", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                config = c.GetRawText();
                if (!ProviderConfigJson.TryRead(config, out _, out var problem))
                {
                    error = ApiError.Invalid(problem!);
                    return false;
                }
            }

            if (root.TryGetProperty("apiKey", out var key) && key.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                error = ApiError.InvalidKey("apiKey must be a string.");
                return false;
            }

            var owner = root.TryGetProperty("owner", out var o) ? o : default;
            input = new ProviderInput
            {
                Provider = fields.Text("provider")?.ToLowerInvariant(),
                ApiKey = key.ValueKind == JsonValueKind.String ? key.GetString() : null,
                KeyLabel = fields.Text("keyLabel"),
                IsActive = fields.Bool("isActive"),
                IsDefault = fields.Bool("isDefault"),
                UsageLimit = Whole(fields, root, "usageLimit"),
                ClearsUsageLimit = root.TryGetProperty("usageLimit", out var limit) && limit.ValueKind == JsonValueKind.Null,
                UsageRemaining = Whole(fields, root, "usageRemaining"),
                SupportedModels = models,
                ProviderConfig = config,
                Owner = owner.ValueKind == JsonValueKind.String ? owner.GetString() : null,
                HasOwner = owner.ValueKind is JsonValueKind.String or JsonValueKind.Null,
            };
            if (fields.Error is { } fieldError)
            {
                error = ApiError.Invalid(fieldError);
                return false;
            }

            if (owner.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
            {
                error = ApiError.Invalid("owner must be a string, or null for a global provider");
                return false;
            }
        }

        return true;
    }

    private static long? Whole(FieldReader fields, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? (long)fields.Number(name, 0, min: 0, max: 1e15, whole: true) : null;
}
