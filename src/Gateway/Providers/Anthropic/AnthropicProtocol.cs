using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Providers.Anthropic;

/// <summary>Anthropic's Messages API, translated to and from OpenAI's chat completions.</summary>
internal sealed class AnthropicProtocol(TimeProvider time, ILogger<AnthropicAdapter> logger) : IProviderProtocol
{
    public string Name => ProtocolNames.Anthropic;

    public IProviderAdapter CreateAdapter(ProviderOptions options) => new AnthropicAdapter(options, time, logger);
}
