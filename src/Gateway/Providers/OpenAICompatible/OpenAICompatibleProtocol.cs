using Gateway.Configuration;

namespace Gateway.Providers.OpenAICompatible;

/// <summary>OpenAI's own API and every provider that copies it (OpenRouter, Groq, Together, Ollama, Gemini, custom URLs).</summary>
internal sealed class OpenAICompatibleProtocol : IProviderProtocol
{
    public string Name => ProtocolNames.OpenAICompatible;

    public IProviderAdapter CreateAdapter(ProviderOptions options) => new OpenAICompatibleAdapter(options);
}
