using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay on a free loopback port to a server on another (a real Redis): every connection it accepts is joined
/// to a new one to the target, and bytes flow both ways, unless the test drops one direction: what the client sends
/// then never reaches the server (a request lost on the way), or what the server answers never reaches the client
/// (a reply lost after the server acted). <see cref="CutAsync"/> closes every joined connection, as a network failure
/// would; the client connects again through the relay. Stopped by disposing it.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _joined = [];
    private readonly Task _accepting;
    private volatile bool _dropRequests;
    private volatile bool _dropReplies;
    private long _droppedRequestBytes;
    private long _droppedReplyBytes;
    private volatile byte[][]? _cutOn;
    private int _cuts;
    private volatile bool _refuse;

    public TcpRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Bytes received from clients, and dropped, while <see cref="DropRequests"/> was on.</summary>
    public long DroppedRequestBytes => Interlocked.Read(ref _droppedRequestBytes);

    /// <summary>Bytes received from the server, and dropped, while <see cref="DropReplies"/> was on.</summary>
    public long DroppedReplyBytes => Interlocked.Read(ref _droppedReplyBytes);

    /// <summary>While on, what clients send is read and thrown away: the server never sees it.</summary>
    public bool DropRequests { get => _dropRequests; set => _dropRequests = value; }

    /// <summary>While on, what the server answers is read and thrown away: the server acted, the client never hears.</summary>
    public bool DropReplies { get => _dropReplies; set => _dropReplies = value; }

    /// <summary>While on, a connection is closed as soon as it is accepted: the server cannot be reached.</summary>
    public bool RefuseConnections { get => _refuse; set => _refuse = value; }

    /// <summary>Connections cut by <see cref="CutWhenRequestContains"/>.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>
    /// The next bytes a client sends that contain any of <paramref name="patterns"/> never reach the server, and that
    /// connection is cut (once; then bytes flow as before).
    /// </summary>
    public void CutWhenRequestContains(params byte[][] patterns) => _cutOn = patterns;

    /// <summary>Closes every joined connection (both sides) and lets bytes flow both ways again for the next ones.</summary>
    public Task CutAsync()
    {
        List<(TcpClient Client, TcpClient Server)> joined;
        lock (_gate)
        {
            joined = [.. _joined];
            _joined.Clear();
        }

        foreach (var (client, server) in joined)
        {
            Reset(client);
            server.Dispose();
        }

        (_dropRequests, _dropReplies) = (false, false);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CutAsync();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            if (_refuse)
            {
                Reset(client);
                continue;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stopping.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_gate)
            {
                _joined.Add((client, server));
            }

            _ = PumpAsync(client, server, toServer: true);
            _ = PumpAsync(server, client, toServer: false);
        }
    }

    /// <summary>Closes <paramref name="client"/> with a reset, as a dropped network path would end it.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client?.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Closed already: the pair had ended.
        }

        client.Dispose();
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toServer)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                var read = await input.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                if (toServer && _cutOn is { } patterns && patterns.Any(p => buffer.AsSpan(0, read).IndexOf(p) >= 0))
                {
                    _cutOn = null;
                    Interlocked.Increment(ref _cuts);
                    Reset(from);
                    break;
                }

                if (toServer ? _dropRequests : _dropReplies)
                {
                    Interlocked.Add(ref toServer ? ref _droppedRequestBytes : ref _droppedReplyBytes, read);
                    continue;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // A cut, or the other side closed: the pair ends.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
