using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// One HTTP/1.1 exchange on a fresh loopback connection, byte for byte: the request target, header values
/// (UTF-8, so non-ASCII goes as it would from a careless client) and body go exactly as given. HttpClient
/// would normalise the path (dot segments, escapes) and refuse odd header values, which is what fuzzing needs.
/// </summary>
internal static class RawHttp
{
    private const int MaxResponseBytes = 16 * 1024 * 1024;

    public static async Task<RawResponse> SendAsync(int port, string method, string target, IEnumerable<(string Name, string Value)> headers, byte[]? body, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var head = new StringBuilder().Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1:").Append(port).Append("\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        var writeFailed = false;
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancel.Token);
            if (body is { Length: > 0 })
            {
                await stream.WriteAsync(body, cancel.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The server may answer (413, 401) and close before reading a large body; read what it sent.
            writeFailed = true;
        }

        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0 && received.Length < MaxResponseBytes)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or SocketException && received.Length > 0)
        {
            // A reset after the response arrived: keep what came.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no complete answer within {timeout.TotalSeconds:0} s ({received.Length} bytes received)");
        }

        return RawResponse.Parse(received.ToArray(), writeFailed, method == "HEAD");
    }
}
