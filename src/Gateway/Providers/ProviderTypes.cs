namespace Gateway.Providers;

/// <summary>The provider types the gateway knows, each with its wire protocol and default base URL.</summary>
public static class ProviderTypes
{
    /// <summary>OpenAI.</summary>
    public const string OpenAI = "openai";
    /// <summary>OpenRouter.</summary>
    public const string OpenRouter = "openrouter";
    /// <summary>Groq.</summary>
    public const string Groq = "groq";
    /// <summary>Together AI.</summary>
    public const string Together = "together";
    /// <summary>Ollama's OpenAI-compatible API.</summary>
    public const string Ollama = "ollama";
    /// <summary>Google Gemini's OpenAI-compatible endpoint.</summary>
    public const string Gemini = "gemini";
    /// <summary>Any OpenAI-compatible URL.</summary>
    public const string Custom = "custom";
    /// <summary>Azure OpenAI deployments.</summary>
    public const string Azure = "azure";
    /// <summary>Anthropic's Messages API (translated).</summary>
    public const string Anthropic = "anthropic";

    private static readonly ProviderType[] Known =
    [
        new(OpenRouter, ProtocolNames.OpenAICompatible, "https://openrouter.ai/api/v1", KeyRequired: true),
        new(OpenAI, ProtocolNames.OpenAICompatible, "https://api.openai.com/v1", KeyRequired: true),
        new(Groq, ProtocolNames.OpenAICompatible, "https://api.groq.com/openai/v1", KeyRequired: true),
        new(Together, ProtocolNames.OpenAICompatible, "https://api.together.xyz/v1", KeyRequired: true),
        new(Ollama, ProtocolNames.OpenAICompatible, "http://localhost:11434/v1", KeyRequired: false),
        new(Gemini, ProtocolNames.OpenAICompatible, "https://generativelanguage.googleapis.com/v1beta/openai", KeyRequired: true),
        new(Azure, ProtocolNames.AzureOpenAI, DefaultUrl: null, KeyRequired: true),
        new(Anthropic, ProtocolNames.Anthropic, "https://api.anthropic.com", KeyRequired: true),
        new(Custom, ProtocolNames.OpenAICompatible, DefaultUrl: null, KeyRequired: false),
    ];

    private static readonly Dictionary<string, ProviderType> ByName = Known
        .ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase)
        .Concat([new KeyValuePair<string, ProviderType>("azure-openai", Known.First(t => t.Name == Azure))])
        .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every accepted type name, for error messages.</summary>
    internal static string Names => string.Join(", ", ByName.Keys);

    /// <summary>Looks a type up by name (case-insensitive).</summary>
    internal static bool TryGet(string name, out ProviderType type) => ByName.TryGetValue(name, out type!);

    /// <summary>
    /// The type a provider name implies: <c>openrouter2</c> is an OpenRouter account, <c>azure_eu</c> Azure;
    /// a name that starts with no known type is a custom OpenAI-compatible endpoint.
    /// </summary>
    internal static ProviderType InferFromName(string providerName)
    {
        foreach (var type in Known)
        {
            if (providerName.StartsWith(type.Name, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return ByName[Custom];
    }
}
