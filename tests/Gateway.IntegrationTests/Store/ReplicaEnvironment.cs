using System.Globalization;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Store;

/// <summary>What the tests that run two gateway processes share: their environment on one fresh PostgreSQL database and one Redis, and waiting for a change to show on a replica.</summary>
internal static class ReplicaEnvironment
{
    /// <summary><see cref="StoreBackend.Environment"/>, a new database of <paramref name="postgres"/> as <c>AI_DATABASE_URL</c>, and <paramref name="redis"/> as <c>AI_REDIS_URL</c>.</summary>
    public static async Task<Dictionary<string, string>> CreateAsync(PostgresFixture postgres, RedisServer redis)
    {
        var connection = await postgres.Server.CreateDatabaseAsync();
        var database = connection.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        var env = StoreBackend.Environment().ToDictionary(p => p.Key, p => p.Value!);
        env["AI_DATABASE_URL"] = $"postgres://postgres@127.0.0.1:{postgres.Server.Port.ToString(CultureInfo.InvariantCulture)}/{database}";
        env["AI_REDIS_URL"] = redis.Url;
        return env;
    }

    /// <summary>How long <paramref name="condition"/> took to hold, polled every 10 ms; fails past <paramref name="limit"/> (with <paramref name="dump"/>'s output).</summary>
    public static Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, GatewayProcess? dump = null) =>
        Eventually.TrueAsync(condition, limit, dump is null ? null : () => dump.Output);
}
