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

    /// <summary>
    /// Most output tokens per answer of the models in <see cref="Defaults"/> (their providers' published limits): what a
    /// budget reserves when a request names no <c>max_tokens</c>. <c>Gateway:Prices:&lt;model&gt;:MaxOutput</c> wins.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, long> DefaultMaxOutputs = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-4.1"] = 32_768,
        ["gpt-4.1-mini"] = 32_768,
        ["gpt-4.1-nano"] = 32_768,
        ["gpt-4o"] = 16_384,
        ["gpt-4o-mini"] = 16_384,
        ["o3"] = 100_000,
        ["o4-mini"] = 100_000,
        ["gpt-3.5-turbo"] = 4_096,
        ["text-embedding-3-small"] = 0,
        ["text-embedding-3-large"] = 0,
        ["claude-3-5-sonnet"] = 8_192,
        ["claude-3.5-sonnet"] = 8_192,
        ["claude-3-haiku"] = 4_096,
        ["claude-3-5-haiku"] = 8_192,
        ["claude-sonnet-4"] = 64_000,
        ["llama-3.1-8b-instant"] = 131_072,
        ["llama-3.3-70b-versatile"] = 32_768,
        ["gemini-2.0-flash"] = 8_192,
        ["gemini-1.5-pro"] = 8_192,
    };

    private readonly Dictionary<string, ModelPrice> _prices = Merge(options.Prices);
    private const int MaxResolved = 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ModelPrice?> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long?> _maxOutputs = new(StringComparer.OrdinalIgnoreCase);
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
        // Prompt-cache reads and writes at their own prices when the table has them (else as plain input).
        var input = (usage.UncachedPromptTokens * price.InputPerMillion)
            + (Math.Min(usage.CachedTokens, usage.PromptTokens) * (price.CachedInputPerMillion ?? price.InputPerMillion))
            + (Math.Min(usage.CacheWriteTokens, usage.PromptTokens) * (price.CacheWritePerMillion ?? price.InputPerMillion));
        return (input + (usage.CompletionTokens * price.OutputPerMillion)) / 1_000_000 * multiplier;
    }

    /// <summary>The most output tokens <paramref name="model"/> writes in one answer, when the configuration or the built-in list knows it (remembered, a bounded number of names).</summary>
    public long? MaxOutput(string model)
    {
        if (_maxOutputs.TryGetValue(model, out var known))
        {
            return known;
        }

        known = SearchMaxOutput(model);
        if (_maxOutputs.Count < MaxResolved)
        {
            _maxOutputs.TryAdd(model, known);
        }

        return known;
    }

    private long? SearchMaxOutput(string model)
    {
        if (Find(model) is { MaxOutputTokens: { } configured })
        {
            return configured;
        }

        if (DefaultMaxOutputs.TryGetValue(model, out var max))
        {
            return max;
        }

        var bare = model.LastIndexOf('/') is var slash and >= 0 ? model[(slash + 1)..] : model;
        return DefaultMaxOutputs.TryGetValue(bare, out max) ? max
            : DefaultMaxOutputs.Where(p => bare.StartsWith(p.Key + "-", StringComparison.OrdinalIgnoreCase)).OrderByDescending(p => p.Key.Length).Select(p => (long?)p.Value).FirstOrDefault();
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
