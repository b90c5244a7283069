using System.Collections.Concurrent;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>Connection losses and recoveries: logged once per server and outage, and passed on to whoever listens.</summary>
internal sealed partial class SharedRedis
{
    private readonly ConcurrentDictionary<string, bool> _lost = new(StringComparer.Ordinal);

    /// <summary>
    /// Raised when a connection to a Redis server is lost (false) or restored (true). Raised on a client thread:
    /// handlers return quickly and never throw.
    /// </summary>
    public event Action<bool>? ConnectionChanged;

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // The client retries about once a second and reports every failed attempt: log the first of an outage.
        if (_lost.TryAdd(EndPointText(e), true))
        {
            Log.ConnectionLost(_logger, EndPointText(e), e.FailureType.ToString());
        }

        ConnectionChanged?.Invoke(false);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (_lost.TryRemove(EndPointText(e), out _))
        {
            Log.ConnectionRestored(_logger, EndPointText(e));
        }

        ConnectionChanged?.Invoke(true);
    }

    // Host and port only; the configuration's password never reaches a log.
    private static string EndPointText(ConnectionFailedEventArgs e) => e.EndPoint is null ? "(unknown)" : EndPointCollection.ToString(e.EndPoint);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RedisCreated, Level = LogLevel.Information, Message = "Redis connection created for {EndPoints} configured endpoint(s); connected: {Connected}")]
        public static partial void Created(ILogger logger, int endPoints, bool connected);

        [LoggerMessage(EventId = EventIds.RedisCreateFailed, Level = LogLevel.Warning, Message = "Could not create the Redis connection ({Error}); retrying")]
        public static partial void CreateFailed(ILogger logger, string error);

        [LoggerMessage(EventId = EventIds.RedisConnectionLost, Level = LogLevel.Warning, Message = "Lost the Redis connection to {EndPoint} ({FailureType}); reconnecting in the background")]
        public static partial void ConnectionLost(ILogger logger, string endPoint, string failureType);

        [LoggerMessage(EventId = EventIds.RedisConnectionRestored, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
        public static partial void ConnectionRestored(ILogger logger, string endPoint);
    }
}
