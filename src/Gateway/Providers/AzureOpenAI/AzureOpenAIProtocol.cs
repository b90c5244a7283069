using Gateway.Configuration;

namespace Gateway.Providers.AzureOpenAI;

/// <summary>Azure OpenAI: one deployment per model, <c>api-key</c> header, <c>api-version</c> query.</summary>
internal sealed class AzureOpenAIProtocol : IProviderProtocol
{
    /// <summary>Azure deployments: no default URL (each resource has its own), <c>api-version</c> 2024-10-21 by default.</summary>
    public static IReadOnlyList<ProviderTypeInfo> Types { get; } =
        [new("azure", ProtocolNames.AzureOpenAI, DefaultUrl: null, KeyRequired: true, DefaultApiVersion: "2024-10-21") { Aliases = ["azure-openai"], ServesResponses = true }];

    public string Name => ProtocolNames.AzureOpenAI;

    public IProviderAdapter CreateAdapter(ProviderOptions options) => new AzureOpenAIAdapter(options);
}
