using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// Turns the add and edit forms into the provider API's <see cref="ProviderInput"/>: <c>providerConfig</c> is built
/// as JSON (an edit keeps the fields the form does not show), the models list from comma-separated text. A pure
/// function of the form; the manager validates the result as it validates the API's bodies.
/// </summary>
internal static class ProviderForm
{
    public static (ProviderInput? Input, string? Error) ForCreate(IFormCollection form, bool admin)
    {
        var (config, error) = Config(form, existing: null);
        if (error is not null)
        {
            return (null, error);
        }

        var (limit, limitError) = Whole(form, "usageLimit");
        var owner = Text(form, "owner");
        return limitError is not null ? (null, limitError) : (new ProviderInput
        {
            Provider = Text(form, "type")?.ToLowerInvariant(),
            ApiKey = Text(form, "apiKey"),
            KeyLabel = Text(form, "label"),
            IsDefault = form["isDefault"].ToString() == "on",
            UsageLimit = limit,
            SupportedModels = Models(form),
            ProviderConfig = config,
            Owner = admin ? owner : null,
        }, null);
    }

    /// <remarks>
    /// An owner who changes the base URL drops the admin's <c>allowPrivateNetwork</c> (the new destination is checked as
    /// an owner's); with the URL unchanged it stays.
    /// </remarks>
    public static (ProviderInput? Input, string? Error) ForUpdate(IFormCollection form, string? existingConfig, bool admin = false)
    {
        var (config, error) = Config(form, existingConfig, keepPrivateNetwork: admin);
        var (limit, limitError) = Whole(form, "usageLimit");
        var problem = error ?? limitError;
        return problem is not null ? (null, problem) : (new ProviderInput
        {
            KeyLabel = Text(form, "label") ?? "",
            UsageLimit = limit,
            ClearsUsageLimit = limit is null,
            SupportedModels = Models(form) ?? "[]",
            ProviderConfig = config,
        }, null);
    }

    private static (string? Json, string? Error) Config(IFormCollection form, string? existing, bool keepPrivateNetwork = true)
    {
        var config = (existing is null ? null : JsonNode.Parse(existing) as JsonObject) ?? [];
        if (!keepPrivateNetwork && config["baseUrl"]?.GetValue<string>() != Text(form, "baseUrl"))
        {
            config.Remove("allowPrivateNetwork");
        }

        Set(config, "baseUrl", Text(form, "baseUrl"));
        Set(config, "smart", Text(form, "smart"));
        Set(config, "fast", Text(form, "fast"));
        if (Text(form, "weight") is { } weightText)
        {
            if (!double.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight <= 0)
            {
                return (null, "Weight must be a positive number.");
            }

            config["weight"] = weight;
        }

        if (Text(form, "priority") is { } priorityText)
        {
            if (!int.TryParse(priorityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority) || priority < 1)
            {
                return (null, "Priority must be a whole number of at least 1.");
            }

            config["priority"] = priority;
        }

        return (config.Count == 0 ? null : config.ToJsonString(), null);
    }

    private static void Set(JsonObject config, string name, string? value)
    {
        if (value is null)
        {
            config.Remove(name);
        }
        else
        {
            config[name] = value;
        }
    }

    private static string? Models(IFormCollection form) => Text(form, "models") is { } text
        ? new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => (JsonNode?)JsonValue.Create(m))]).ToJsonString()
        : null;

    private static (long? Value, string? Error) Whole(IFormCollection form, string name) => Text(form, name) is not { } text
        ? (null, null)
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? (value, null) : (null, $"{name} must be a whole number of at least 0.");

    private static string? Text(IFormCollection form, string name) => form[name].ToString().Trim() is { Length: > 0 } text ? text : null;
}
