using System.Globalization;
using System.Text;

namespace Gateway.Configuration;

/// <summary>The shared health store. With no connection string each replica keeps its health state to itself.</summary>
public sealed record RedisOptions
{
    /// <summary>
    /// A <c>redis://[[user]:password@]host[:port][/db]</c> (user: a Redis 6+ ACL user) or <c>rediss://</c> URL, or a StackExchange.Redis configuration
    /// string (<c>host:port,password=...</c>). It holds the password, so <see cref="ToString"/> leaves it out.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>Prefix of every key and channel, so several gateways can share one Redis. Default <c>gateway:</c>.</summary>
    public string KeyPrefix { get; init; } = "gateway:";

    /// <summary>How often each replica merges its outcomes into Redis and reads the merged state. Default 250 ms.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait for one Redis exchange (connect, flush, publish) before the replica carries on locally. Default 500 ms.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one replica holds the right to probe a half-open provider. Default 10 s.</summary>
    public TimeSpan ProbeLockTtl { get; init; } = TimeSpan.FromSeconds(10);

    // A record prints every property, and this one may be logged with the options: never print the password.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"ConnectionString = {(ConnectionString is null ? "(not set)" : "(set, not shown)")}, KeyPrefix = {KeyPrefix}, ");
        builder.Append(CultureInfo.InvariantCulture, $"FlushInterval = {FlushInterval}, Timeout = {Timeout}, ProbeLockTtl = {ProbeLockTtl}");
        return true;
    }
}
