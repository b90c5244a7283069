using System.Text.Json;

namespace Gateway.ManagedProviders;

/// <summary>
/// The seed's <c>providerConfig</c> object, camelCase: <c>baseUrl</c>, <c>smart</c>, <c>fast</c>, <c>models</c>,
/// <c>weight</c>, <c>priority</c>, <c>maxTokens</c>, <c>temperature</c>, <c>contextWindow</c>, <c>costMultiplier</c>,
/// <c>maxInFlight</c>, <c>apiVersion</c>, <c>allowPrivateNetwork</c> (the admin's only) and <c>timeouts</c> (<c>headersSeconds</c>, <c>firstTokenSeconds</c>,
/// <c>idleSeconds</c>, <c>totalSeconds</c>). Other fields are kept as given. A pure reader: every problem is one message.
/// </summary>
internal sealed record ProviderConfigJson
{
    public Uri? BaseUrl { get; init; }

    public string? Smart { get; init; }

    public string? Fast { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];

    public double Weight { get; init; } = 1;

    public int Priority { get; init; } = 1;

    public int? MaxTokens { get; init; }

    public int? ContextWindow { get; init; }

    public double CostMultiplier { get; init; } = 1;

    public int MaxInFlight { get; init; }

    public string? ApiVersion { get; init; }

    /// <summary>Set only with the admin key: the provider may reach private networks (a LAN's Ollama or vLLM).</summary>
    public bool AllowPrivateNetwork { get; init; }

    public IReadOnlyDictionary<string, double> TimeoutSeconds { get; init; } = new Dictionary<string, double>();

    public static readonly string[] TimeoutNames = ["headersSeconds", "firstTokenSeconds", "idleSeconds", "totalSeconds"];

    /// <summary>Reads <paramref name="json"/> (null: every default); false with a message naming the field when it is not valid.</summary>
    public static bool TryRead(string? json, out ProviderConfigJson config, out string? error)
    {
        config = new ProviderConfigJson();
        error = null;
        if (json is null)
        {
            return true;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "providerConfig must be a JSON object";
            return false;
        }

        Uri? url = null;
        if (root.TryGetProperty("baseUrl", out var baseUrl) && baseUrl.ValueKind != JsonValueKind.Null
            && (baseUrl.ValueKind != JsonValueKind.String || !Uri.TryCreate(baseUrl.GetString()!.TrimEnd('/'), UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            error = "providerConfig.baseUrl must be an absolute http(s) URL";
            return false;
        }

        var timeouts = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("timeouts", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Object)
            {
                error = "providerConfig.timeouts must be an object";
                return false;
            }

            foreach (var name in TimeoutNames)
            {
                if (t.TryGetProperty(name, out var seconds))
                {
                    if (seconds.ValueKind != JsonValueKind.Number || !(seconds.GetDouble() is > 0 and <= 86_400))
                    {
                        error = $"providerConfig.timeouts.{name} must be a number of seconds from 0 to 86400";
                        return false;
                    }

                    timeouts[name] = seconds.GetDouble();
                }
            }
        }

        var reader = new FieldReader(root);
        config = new ProviderConfigJson
        {
            BaseUrl = url,
            Smart = reader.Text("smart"),
            Fast = reader.Text("fast"),
            Models = reader.Texts("models"),
            Weight = reader.Number("weight", 1, min: double.Epsilon, max: 1e6),
            Priority = (int)reader.Number("priority", 1, min: int.MinValue, max: int.MaxValue, whole: true),
            MaxTokens = reader.Optional("maxTokens", 1, 1_000_000),
            ContextWindow = reader.Optional("contextWindow", 1, 100_000_000),
            CostMultiplier = reader.Number("costMultiplier", 1, min: 0, max: 1e6),
            MaxInFlight = (int)reader.Number("maxInFlight", 0, min: 0, max: 1_000_000, whole: true),
            ApiVersion = reader.Text("apiVersion"),
            TimeoutSeconds = timeouts,
            AllowPrivateNetwork = reader.Bool("allowPrivateNetwork") ?? false,
        };
        _ = reader.Number("temperature", 1, min: 0, max: 2);
        error = reader.Error;
        return error is null;
    }

    /// <summary>The model names a <c>supportedModels</c> value lists (a JSON array of strings), or an error.</summary>
    public static bool TryReadModels(string? json, out IReadOnlyList<string> models, out string? error)
    {
        models = [];
        error = null;
        if (json is null)
        {
            return true;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || m.GetString()!.Length is 0 or > 256))
        {
            error = "supportedModels must be an array of model names";
            return false;
        }

        models = [.. document.RootElement.EnumerateArray().Select(m => m.GetString()!)];
        return true;
    }
}
