using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Gateway.Outbound;

/// <summary>
/// The connect step of the upstream client for providers limited to public addresses
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host itself, checks every address against the
/// <see cref="DestinationPolicy"/>, and connects only to the addresses it checked. A name that answered a public
/// address when the provider was created and a private one now (DNS rebinding) is refused here, before any byte is sent.
/// </summary>
internal sealed class OutboundConnector(DestinationPolicy policy, IHostResolver resolver)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0 || addresses.Any(a => policy.Refuses(a) is not null))
        {
            throw new OutboundRefusedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
