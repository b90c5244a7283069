using Gateway.Configuration;

namespace Gateway.Outbound;

/// <summary>
/// The two upstream connection pools: one for providers that may reach any address (configured ones, and managed ones
/// the admin marked <c>allowPrivateNetwork</c>), one whose every connection passes the <see cref="OutboundConnector"/>.
/// Separate pools, so a connection opened for a trusted provider is never reused by a limited one.
/// </summary>
internal sealed class UpstreamClients(HttpMessageInvoker open, HttpMessageInvoker publicOnly)
{
    public HttpMessageInvoker Open => open;

    public HttpMessageInvoker PublicOnly => publicOnly;

    public HttpMessageInvoker For(ProviderOptions provider) => provider.PublicNetworkOnly ? publicOnly : open;
}
