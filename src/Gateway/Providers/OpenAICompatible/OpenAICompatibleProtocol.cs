using Gateway.Configuration;

namespace Gateway.Providers.OpenAICompatible;

/// <summary>OpenAI's own API and every provider that copies it (OpenRouter, Groq, Together, Ollama, Gemini, custom URLs).</summary>
internal sealed class OpenAICompatibleProtocol : IProviderProtocol
{
    /// <summary>The provider types this protocol serves, with their base URLs.</summary>
    public static IReadOnlyList<ProviderTypeInfo> Types { get; } =
    [
        new("openai", ProtocolNames.OpenAICompatible, "https://api.openai.com/v1", KeyRequired: true) { ServesResponses = true },
        new("openrouter", ProtocolNames.OpenAICompatible, "https://openrouter.ai/api/v1", KeyRequired: true),
        new("groq", ProtocolNames.OpenAICompatible, "https://api.groq.com/openai/v1", KeyRequired: true),
        new("together", ProtocolNames.OpenAICompatible, "https://api.together.xyz/v1", KeyRequired: true),
        new("ollama", ProtocolNames.OpenAICompatible, "http://localhost:11434/v1", KeyRequired: false),
        new("gemini", ProtocolNames.OpenAICompatible, "https://generativelanguage.googleapis.com/v1beta/openai", KeyRequired: true),
        new("cohere", ProtocolNames.OpenAICompatible, "https://api.cohere.ai/compatibility/v1", KeyRequired: true),
        new("custom", ProtocolNames.OpenAICompatible, DefaultUrl: null, KeyRequired: false) { Fallback = true },
    ];

    public string Name => ProtocolNames.OpenAICompatible;

    public IProviderAdapter CreateAdapter(ProviderOptions options) => new OpenAICompatibleAdapter(options);
}
