using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Providers.Anthropic;

/// <summary>Anthropic's Messages API, translated to and from OpenAI's chat completions.</summary>
internal sealed class AnthropicProtocol(TimeProvider time, ILogger<AnthropicAdapter> logger) : IProviderProtocol
{
    /// <summary>Anthropic's API, <c>anthropic-version</c> 2023-06-01 by default.</summary>
    public static IReadOnlyList<ProviderTypeInfo> Types { get; } =
        [new("anthropic", ProtocolNames.Anthropic, "https://api.anthropic.com", KeyRequired: true, DefaultApiVersion: AnthropicAdapter.DefaultVersion) { Continuation = true }];

    public string Name => ProtocolNames.Anthropic;

    public IProviderAdapter CreateAdapter(ProviderOptions options) => new AnthropicAdapter(options, time, logger);
}
