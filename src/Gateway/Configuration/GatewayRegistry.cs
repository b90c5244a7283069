namespace Gateway.Configuration;

/// <summary>
/// What the composition root registered: every provider type (each protocol's data) and every selection strategy
/// name. Configuration is validated against it, so an unknown name fails start-up naming the setting, and adding
/// a protocol or strategy is one registration line, not an edit of a static list.
/// </summary>
public sealed class GatewayRegistry
{
    private readonly List<ProviderTypeInfo> _types = [];
    private readonly Dictionary<string, ProviderTypeInfo> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _strategies = [];

    public IReadOnlyList<string> Strategies => _strategies;

    /// <summary>Every registered type's own name (no aliases), in registration order.</summary>
    public IEnumerable<string> TypeNamesOrdered => _types.Select(t => t.Name);

    /// <summary>Every accepted type name, for error messages.</summary>
    public string TypeNames => string.Join(", ", _byName.Keys);

    public GatewayRegistry AddTypes(IEnumerable<ProviderTypeInfo> types)
    {
        foreach (var type in types)
        {
            _types.Add(type);
            foreach (var name in type.Aliases.Prepend(type.Name))
            {
                if (!_byName.TryAdd(name, type))
                {
                    throw new InvalidOperationException($"Provider type '{name}' is registered twice.");
                }
            }
        }

        return this;
    }

    public GatewayRegistry AddStrategy(string name)
    {
        _strategies.Add(name);
        return this;
    }

    public bool TryGetType(string name, out ProviderTypeInfo type) => _byName.TryGetValue(name, out type!);

    /// <summary>
    /// The type a provider name implies: the longest type name it starts with (<c>openrouter2</c> is OpenRouter,
    /// <c>azure_eu</c> Azure), else the fallback type (a custom OpenAI-compatible endpoint).
    /// </summary>
    public ProviderTypeInfo InferType(string providerName)
    {
        ProviderTypeInfo? best = null;
        foreach (var type in _types)
        {
            if (providerName.StartsWith(type.Name, StringComparison.OrdinalIgnoreCase) && (best is null || type.Name.Length > best.Name.Length))
            {
                best = type;
            }
        }

        return best ?? _types.FirstOrDefault(t => t.Fallback) ?? throw new InvalidOperationException("No fallback provider type is registered.");
    }
}
