using Gateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Gateway.Redis;

/// <summary>
/// The one Redis connection of a replica, shared by every Redis-backed part (the health store now; budgets, rate
/// limits, caches and change notifications later). It owns the multiplexer built from the configuration in code,
/// connects in the background so start-up never waits on Redis, lets StackExchange.Redis reconnect and
/// re-subscribe by itself, and is disposed once, by the container, after every hosted service has stopped (so a
/// last flush at shutdown still has its connection).
/// </summary>
internal sealed partial class SharedRedis : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConfigurationOptions _configuration;
    private readonly TimeProvider _time;
    private readonly ILogger<SharedRedis> _logger;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();
    private Task? _connecting;
    private volatile ConnectionMultiplexer? _multiplexer;
    private volatile IDatabase? _prefixed;
    private int _disposed;

    public SharedRedis(GatewayOptions options, TimeProvider time, ILogger<SharedRedis> logger)
    {
        // Validated at start-up. Never log the configuration: its ToString() includes the password.
        if (!RedisConnection.TryCreate(options.Redis.ConnectionString ?? "", options.Redis.Timeout, out var configuration))
        {
            throw new InvalidOperationException("Gateway:Redis:ConnectionString is not valid");
        }

        configuration.ClientName = "gateway-" + InstanceId;
        (_configuration, _time, _logger) = (configuration, time, logger);
        (KeyPrefix, Timeout) = (options.Redis.KeyPrefix, options.Redis.Timeout);
    }

    /// <summary>
    /// <c>Gateway:Redis:TimeoutSeconds</c>: the longest wait for one exchange. Parts on a request's path bound their calls by
    /// it themselves (<c>WaitAsync</c>): the client's own timeouts do not always fire when a server stops answering.
    /// </summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// <c>Gateway:Redis:KeyPrefix</c>: the start of every key and channel this gateway writes, so that deployments
    /// sharing one Redis never read or spend each other's state. It holds no brace (validated), so a key's hash tag
    /// is the one its owner puts after the prefix.
    /// </summary>
    public string KeyPrefix { get; }

    /// <summary>A random id of this replica's connection, sent to Redis as the client name (<c>gateway-&lt;id&gt;</c>).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// The multiplexer, or null until the first connection attempt has returned. It may be disconnected (Redis
    /// down or restarting): it then reconnects by itself, and commands fail fast until it has.
    /// </summary>
    public ConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>The default database, or null while <see cref="Multiplexer"/> is.</summary>
    public IDatabase? Database => _multiplexer?.GetDatabase();

    /// <summary>
    /// The default database with <see cref="KeyPrefix"/> put before every key it is given (script keys too), or null
    /// while <see cref="Multiplexer"/> is: how parts that name their keys without the prefix stay in their deployment.
    /// </summary>
    public IDatabase? PrefixedDatabase => _prefixed;

    /// <summary>The pub/sub side of the connection, or null while <see cref="Multiplexer"/> is.</summary>
    public ISubscriber? Subscriber => _multiplexer?.GetSubscriber();

    /// <summary>True while at least one Redis server answers.</summary>
    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>Starts connecting in the background (once) and returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Connect();
        return Task.CompletedTask;
    }

    /// <summary>Nothing: the connection outlives the services that flush through it at shutdown.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The background connection attempt, started on the first call.</summary>
    public Task Connect()
    {
        lock (_gate)
        {
            return _connecting ??= Task.Run(() => ConnectAsync(_disposing.Token), CancellationToken.None);
        }
    }

    private async Task ConnectAsync(CancellationToken disposing)
    {
        while (!disposing.IsCancellationRequested)
        {
            try
            {
                // With AbortOnConnectFail off this returns within the connect timeout, connected or not.
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
                multiplexer.ConnectionFailed += OnConnectionFailed;
                multiplexer.ConnectionRestored += OnConnectionRestored;
                _prefixed = multiplexer.GetDatabase().WithKeyPrefix(KeyPrefix);
                _multiplexer = multiplexer;
                Log.Created(_logger, _configuration.EndPoints.Count, multiplexer.IsConnected);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                // Only the type: a message may quote the configuration.
                Log.CreateFailed(_logger, e.GetType().Name);
            }

            try
            {
                await Task.Delay(RetryDelay, _time, disposing).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        Task? connecting;
        lock (_gate)
        {
            connecting = _connecting;
        }

        if (connecting is not null)
        {
            // Returns within the connect timeout; whatever it failed with was logged or no longer matters.
            await connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_multiplexer is { } multiplexer)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
            await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            multiplexer.Dispose();
        }

        _disposing.Dispose();
    }
}
