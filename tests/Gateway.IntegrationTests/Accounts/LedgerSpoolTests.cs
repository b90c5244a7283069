using System.Diagnostics;
using System.Globalization;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// The ledger loses nothing while PostgreSQL is down: gateway processes (the built Gateway.dll) answer requests, their
/// ledger rows go to an append-only spool in the data folder, and when PostgreSQL is back every row is in the ledger
/// once: after a SIGTERM of one of two replicas (the other takes over its spool), and after a SIGKILL and a restart
/// (the spool replayed at start; a spool replayed twice still bills once).
/// </summary>
public sealed class LedgerSpoolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgresStopped_20RequestsOverTwoReplicas_SigtermOne_LedgerShows20()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("gateway-spool-").FullName;
        var (env, store) = await EnvironmentAsync(postgres, redis, upstream, data);
        try
        {
            await using var a = GatewayProcess.Start(env);
            await using var b = GatewayProcess.Start(env);
            await Task.WhenAll(a.WaitUntilUpAsync(), b.WaitUntilUpAsync());
            await postgres.StopAsync();

            var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ChatAsync(i % 2 == 0 ? a : b)));
            await Task.Delay(TimeSpan.FromSeconds(1)); // a few failed flushes
            await SignalAsync(a, "TERM");
            await a.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await postgres.StartAgainAsync();

            var took = await ReplicaEnvironment.WaitForAsync(async () => (await LedgerAsync(store)).Requests >= 20, TimeSpan.FromSeconds(30), b);
            await Task.Delay(TimeSpan.FromSeconds(1)); // nothing billed twice afterwards
            var ledger = await LedgerAsync(store);
            output.WriteLine($"statuses {string.Join(',', statuses.Distinct())}; ledger {ledger.Requests} requests, {ledger.Tokens} tokens, {took.TotalMilliseconds:0} ms after PostgreSQL came back; A exited {a.Process.ExitCode}");

            Assert.All(statuses, s => Assert.Equal(200, s));
            Assert.Equal(20, ledger.Requests);
            Assert.Equal(20 * 8, ledger.Tokens); // 8 tokens a request (the fake upstream's usage)
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task PostgresStopped_Sigkill_RestartReplaysTheSpool_OnceEvenIfReplayedTwice()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("gateway-spool-").FullName;
        var copy = Directory.CreateTempSubdirectory("gateway-spool-copy-").FullName;
        var (env, store) = await EnvironmentAsync(postgres, redis, upstream, data);
        try
        {
            await using (var first = GatewayProcess.Start(env))
            {
                await first.WaitUntilUpAsync();
                await postgres.StopAsync();
                var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ChatAsync(first)));
                Assert.All(statuses, s => Assert.Equal(200, s));
                await Task.Delay(TimeSpan.FromSeconds(1)); // at least one flush interval: the rows are in the spool
                await SignalAsync(first, "KILL");
                await first.Process.WaitForExitAsync();
            }

            var spooled = Directory.GetFiles(data, "*.jsonl", SearchOption.AllDirectories);
            Assert.NotEmpty(spooled);
            foreach (var file in spooled)
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            await postgres.StartAgainAsync();
            await using var second = GatewayProcess.Start(env);
            await second.WaitUntilUpAsync();
            await ReplicaEnvironment.WaitForAsync(async () => (await LedgerAsync(store)).Requests >= 10, TimeSpan.FromSeconds(30), second);

            // The same spool again, as if the replay's deletion had been lost: its rows are in the store already.
            foreach (var file in spooled)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.Copy(Path.Combine(copy, Path.GetFileName(file)), file);
            }

            await ReplicaEnvironment.WaitForAsync(() => Task.FromResult(spooled.All(f => !File.Exists(f))), TimeSpan.FromSeconds(30), second);
            var ledger = await LedgerAsync(store);
            output.WriteLine($"spool files {spooled.Length}; ledger {ledger.Requests} requests, {ledger.Tokens} tokens");
            Assert.Equal(10, ledger.Requests);
            Assert.Equal(10 * 8, ledger.Tokens);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            Directory.Delete(copy, recursive: true);
        }
    }

    private static async Task<(Dictionary<string, string> Env, string Store)> EnvironmentAsync(PostgresServer postgres, RedisServer redis, FakeUpstreamServer upstream, string data)
    {
        var connection = await postgres.CreateDatabaseAsync();
        var database = connection.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        var env = StoreBackend.Environment().ToDictionary(p => p.Key, p => p.Value!);
        env["AI_DATABASE_URL"] = $"postgres://postgres@127.0.0.1:{postgres.Port.ToString(CultureInfo.InvariantCulture)}/{database}";
        env["AI_REDIS_URL"] = redis.Url;
        (env["AI_ALPHA_URL"], env["AI_ALPHA_TYPE"], env["AI_ALPHA_KEY"], env["AI_ALPHA_SMART"]) = (upstream.BaseUrl, "custom", "key-alpha", "alpha-smart");
        (env["Gateway__Accounts__LedgerFlushInterval"], env["Gateway__Store__DataDirectory"], env["Gateway__Store__CommandTimeoutSeconds"]) = ("00:00:00.2", data, "2");
        return (env, connection);
    }

    private static async Task<int> ChatAsync(GatewayProcess gateway)
    {
        using var request = Http.Chat(bearer: StoreBackend.AliceKey);
        var (response, _) = await gateway.Client.ExchangeAsync(request);
        using (response)
        {
            return (int)response.StatusCode;
        }
    }

    private static async Task SignalAsync(GatewayProcess gateway, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, gateway.Process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>The store's ledger totals, read with SQL (0 while PostgreSQL does not answer).</summary>
    private static async Task<(long Requests, long Tokens)> LedgerAsync(string store)
    {
        try
        {
            await using var connection = new NpgsqlConnection(store);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM usage_ledger", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (NpgsqlException)
        {
            return (0, 0);
        }
    }
}
