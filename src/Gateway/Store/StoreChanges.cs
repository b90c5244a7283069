using System.Globalization;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Redis;
using Gateway.Routing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Store;

/// <summary>
/// Carries a change of managed providers to every routing table. Here at once: the change's caller awaits a reload of
/// the store's rows and a rebuild of this process's table before it answers. Other replicas within a second: the new
/// version is published on Redis (<c>&lt;prefix&gt;store-version</c>) when Redis is configured, and every replica also
/// polls the store's version (<see cref="StoreOptions.PollInterval"/>) as the fallback.
/// </summary>
internal sealed partial class StoreChanges(ManagedProviderSource source, RoutingTableSource routing, GatewayOptions options, ILogger<StoreChanges> logger, SharedRedis? redis = null)
{
    /// <summary>The Redis channel of version numbers.</summary>
    public string Channel { get; } = options.Redis.KeyPrefix + "store-version";

    /// <summary>After a change written at <paramref name="version"/>: reload, rebuild this table, tell the other replicas.</summary>
    public async Task AppliedAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            await source.RefreshAsync(cancellationToken).ConfigureAwait(false);
            routing.Rebuild();
        }
        catch (StoreUnavailableException)
        {
            // Written but not re-read: the watcher picks it up when the store answers again.
        }

        if (redis?.Multiplexer is { IsConnected: true } multiplexer)
        {
            try
            {
                await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), version.ToString(CultureInfo.InvariantCulture))
                    .WaitAsync(options.Redis.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Replicas still see it at their next poll.
                Log.PublishFailed(logger, e.GetType().Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreChangePublishFailed, Level = LogLevel.Warning, Message = "Could not publish the store version on Redis ({Error}); replicas see the change at their next poll")]
        public static partial void PublishFailed(ILogger logger, string error);
    }
}
