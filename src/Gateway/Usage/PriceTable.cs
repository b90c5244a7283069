using Gateway.Configuration;

namespace Gateway.Usage;

/// <summary>
/// Estimated cost of a response from its token usage: configured prices first, then built-in list prices of
/// common models. A model matches exactly, without a <c>vendor/</c> prefix (OpenRouter), or by the longest known
/// prefix (dated versions such as <c>gpt-4o-2024-08-06</c>).
/// </summary>
internal sealed class PriceTable(GatewayOptions options, Providers.ILiveCatalog? live = null)
{
    /// <summary>List prices (USD per million tokens) used when the configuration has none for a model.</summary>
    public static readonly IReadOnlyDictionary<string, ModelPrice> Defaults = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4.1"] = new(2.00, 8.00),
        ["gpt-4.1-mini"] = new(0.40, 1.60),
        ["gpt-4.1-nano"] = new(0.10, 0.40),
        ["gpt-4o"] = new(2.50, 10.00),
        ["gpt-4o-mini"] = new(0.15, 0.60),
        ["o3"] = new(2.00, 8.00),
        ["o4-mini"] = new(1.10, 4.40),
        ["gpt-3.5-turbo"] = new(0.50, 1.50),
        ["text-embedding-3-small"] = new(0.02, 0),
        ["text-embedding-3-large"] = new(0.13, 0),
        ["claude-3-5-sonnet"] = new(3.00, 15.00),
        ["claude-3.5-sonnet"] = new(3.00, 15.00),
        ["claude-3-haiku"] = new(0.25, 1.25),
        ["claude-3-5-haiku"] = new(0.80, 4.00),
        ["claude-sonnet-4"] = new(3.00, 15.00),
        ["llama-3.1-8b-instant"] = new(0.05, 0.08),
        ["llama-3.3-70b-versatile"] = new(0.59, 0.79),
        ["gemini-2.0-flash"] = new(0.10, 0.40),
        ["gemini-1.5-pro"] = new(1.25, 5.00),
    };

    private readonly Dictionary<string, ModelPrice> _prices = Merge(options.Prices);
    private const int MaxResolved = 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ModelPrice?> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, double> _multipliers = options.Providers.ToDictionary(p => p.Name, p => p.CostMultiplier, StringComparer.Ordinal);

    /// <summary>Cost in USD, or null when the model has no price.</summary>
    public double? Cost(string provider, string model, TokenUsage usage)
    {
        if (Find(model) is not { } price)
        {
            return null;
        }

        // The live table's multiplier; a provider removed since (its last requests finishing) keeps its start-up one.
        var multiplier = live?.Catalog.Find(provider)?.Options.CostMultiplier ?? _multipliers.GetValueOrDefault(provider, 1);
        return ((usage.PromptTokens * price.InputPerMillion) + (usage.CompletionTokens * price.OutputPerMillion)) / 1_000_000 * multiplier;
    }

    /// <summary>The price of <paramref name="model"/>; lookups by prefix are remembered (a bounded number of names).</summary>
    public ModelPrice? Find(string model)
    {
        if (_prices.TryGetValue(model, out var price))
        {
            return price;
        }

        if (_resolved.TryGetValue(model, out price))
        {
            return price;
        }

        price = Search(model);
        if (_resolved.Count < MaxResolved)
        {
            _resolved.TryAdd(model, price);
        }

        return price;
    }

    private ModelPrice? Search(string model)
    {
        ModelPrice? price;
        var slash = model.LastIndexOf('/');
        if (slash >= 0 && _prices.TryGetValue(model[(slash + 1)..], out price))
        {
            return price;
        }

        var bare = slash >= 0 ? model[(slash + 1)..] : model;
        return _prices.Where(p => bare.StartsWith(p.Key + "-", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length)
            .Select(p => p.Value)
            .FirstOrDefault();
    }

    private static Dictionary<string, ModelPrice> Merge(IReadOnlyDictionary<string, ModelPrice> configured)
    {
        var prices = new Dictionary<string, ModelPrice>(Defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in configured)
        {
            prices[model] = price;
        }

        return prices;
    }
}
