using Gateway.Configuration;

namespace Gateway.Providers;

/// <summary>A wire protocol (OpenAI-compatible, Azure OpenAI, ...): makes the adapter for one configured provider.</summary>
internal interface IProviderProtocol
{
    /// <summary>The protocol's name (<see cref="ProtocolNames"/>).</summary>
    string Name { get; }

    /// <summary>Creates the adapter for one provider account; called each time a routing table is built.</summary>
    IProviderAdapter CreateAdapter(ProviderOptions options);
}
