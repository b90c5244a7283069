using Gateway.Configuration;

namespace Gateway.Providers.AzureOpenAI;

/// <summary>Azure OpenAI: one deployment per model, <c>api-key</c> header, <c>api-version</c> query.</summary>
internal sealed class AzureOpenAIProtocol : IProviderProtocol
{
    public string Name => ProtocolNames.AzureOpenAI;

    public IProviderAdapter CreateAdapter(ProviderOptions options) => new AzureOpenAIAdapter(options);
}
