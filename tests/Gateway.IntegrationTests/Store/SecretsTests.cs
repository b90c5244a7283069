using System.Text;
using Gateway.Configuration;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Store;

namespace Gateway.IntegrationTests.Store;

/// <summary>Provider keys at rest and in flight: never in plaintext outside the upstream request; tampering and wrong keys.</summary>
public sealed class SecretsTests(PostgresFixture postgres) : AlphaBetaTests, IClassFixture<PostgresFixture>
{
    private const string Canary = "sk-canary-plaintext-7d1f0c";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task ApiKey_PlaintextAppearsNowhere_ButUpstream(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        var responses = new StringBuilder();
        await using (var gateway = await store.StartAsync())
        {
            var (_, created) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary));
            var id = created.GetProperty("id").GetString()!;
            responses.Append(created.GetRawText());
            responses.Append((await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey)).Body.GetRawText());
            responses.Append((await gateway.Client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey)).Body.GetRawText());
            responses.Append((await gateway.Client.SendAsync(HttpMethod.Get, "/admin/providers", StoreBackend.AdminKey)).Body.GetRawText());
            responses.Append((await gateway.Client.SendAsync(HttpMethod.Get, "/admin/audit", StoreBackend.AdminKey)).Body.GetRawText());
            responses.Append((await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary))).Body.GetRawText());
            responses.Append((await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Body);
            Assert.Contains(Alpha.Received, r => r.Headers["Authorization"] == "Bearer " + Canary);
            Alpha.Default = FakeResponse.WithStatus(401);
            responses.Append((await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Body);
            Alpha.Reset();
            responses.Append(await gateway.Client.GetStringAsync("/metrics"));
            Assert.DoesNotContain(Canary, string.Join("\n", gateway.Logs.Lines), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Canary, responses.ToString(), StringComparison.Ordinal);
        var stored = Assert.Single(await StoreSql.QueryAsync(store, "SELECT api_key, key_hash FROM ai_provider"));
        Assert.StartsWith($"v1:{SecretCipher.KeyId(Convert.FromBase64String(StoreBackend.Key1))}:", stored[0], StringComparison.Ordinal);
        Assert.Equal(SecretCipher.Hash(Canary), stored[1]);
        var files = store.Directory is not null
            ? Directory.GetFiles(store.Directory)
            : Directory.GetFiles(postgres.Server.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal) || f.Contains("pg_wal", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.False(Contains(file, Canary), $"{file} holds the plaintext key");
        }
    }

    [Fact]
    public async Task ApiKey_NotInTheLogsOfAProcess_AtTraceLevel()
    {
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        var env = StoreBackend.Environment().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        foreach (var category in new[] { "Default", "Microsoft.AspNetCore", "Gateway.Requests", "Gateway.Selection" })
        {
            env[$"Logging__LogLevel__{category}"] = "Trace";
        }

        env["Gateway__Store__DataDirectory"] = store.Directory!;
        await using var gateway = GatewayProcess.Start(env);
        await gateway.WaitUntilUpAsync();
        await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary));
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
        Assert.Contains("trce:", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task FlippedByte_InOneCiphertext_MakesOnlyThatProviderUnusable(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        string aliceId;
        await using (var gateway = await store.StartAsync())
        {
            aliceId = (await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary))).Body.GetProperty("id").GetString()!;
            await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.BobKey, StoreBackend.OpenAIProvider(Beta));
        }

        var sealedKey = (await StoreSql.QueryAsync(store, $"SELECT api_key FROM ai_provider WHERE id = '{aliceId}'"))[0][0]!;
        var at = sealedKey.LastIndexOf(':') + 1;
        var bytes = Convert.FromBase64String(sealedKey[at..]);
        bytes[bytes.Length / 2] ^= 0x01;
        await StoreSql.ExecuteAsync(store, "UPDATE ai_provider SET api_key = @key WHERE id = @id", ("key", sealedKey[..at] + Convert.ToBase64String(bytes)), ("id", aliceId));

        await using var restarted = await store.StartAsync();
        Assert.NotEqual(200, (await restarted.Client.ChatAsync(StoreBackend.AliceKey)).Status);
        Assert.Equal(0, Alpha.RequestCount);
        Assert.Equal(200, (await restarted.Client.ChatAsync(StoreBackend.BobKey)).Status);
        var (_, admin) = await restarted.Client.SendAsync(HttpMethod.Get, $"/admin/providers/{aliceId}", StoreBackend.AdminKey);
        Assert.Equal("unusable", admin.GetProperty("provider").GetProperty("status").GetString());
        Assert.Contains(restarted.Logs.Lines, l => l.Contains("[1211]", StringComparison.Ordinal) && l.Contains(aliceId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task WrongKey_StopsStartUp_NamingTheSetting(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using (var gateway = await store.StartAsync())
        {
            await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary));
        }

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => store.StartAsync(keys: StoreBackend.Key2));
        Assert.Contains("GATEWAY_ENCRYPTION_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StoreBackend.Key2, error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => store.StartAsync(keys: null));
        Assert.Contains("no encryption key is configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_ProcessExitsWith2_AndSaysWhichSetting()
    {
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        await using (var gateway = await store.StartAsync())
        {
            await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary));
        }

        var env = StoreBackend.Environment(keys: StoreBackend.Key2).ToDictionary(p => p.Key, p => p.Value!);
        env["Gateway__Store__DataDirectory"] = store.Directory!;
        await using var process = GatewayProcess.Start(env);
        await process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, process.Process.ExitCode);
        Assert.Contains("GATEWAY_ENCRYPTION_KEY: none of the configured encryption keys opens", process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Reencrypt_UnderANewKey_KeepsEveryProviderWorking_WithOnlyTheNewKey(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using (var gateway = await store.StartAsync())
        {
            await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha, key: Canary));
            await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.BobKey, StoreBackend.OpenAIProvider(Beta));
        }

        var env = StoreBackend.Environment(keys: $"{StoreBackend.Key2},{StoreBackend.Key1}").ToDictionary(p => p.Key, p => p.Value!);
        env[store.Directory is not null ? "Gateway__Store__DataDirectory" : "Gateway__Store__ConnectionString"] = store.Directory ?? store.ConnectionString!;
        var (exit, output) = await GatewayCommand.RunAsync(env, "reencrypt");
        Assert.True(exit == 0, output);
        Assert.Contains($"2 secret(s) of 2 provider(s) now under key {SecretCipher.KeyId(Convert.FromBase64String(StoreBackend.Key2))}", output, StringComparison.Ordinal);

        await using var restarted = await store.StartAsync(keys: StoreBackend.Key2);
        Assert.Equal(200, (await restarted.Client.ChatAsync(StoreBackend.AliceKey)).Status);
        Assert.Equal(200, (await restarted.Client.ChatAsync(StoreBackend.BobKey)).Status);
        Assert.Equal("Bearer " + Canary, Alpha.Received[^1].Headers["Authorization"]);
        Assert.All(await StoreSql.QueryAsync(store, "SELECT api_key FROM ai_provider"), r => Assert.Equal(SecretCipher.KeyId(Convert.FromBase64String(StoreBackend.Key2)), SecretCipher.KeyIdOf(r[0]!)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Sqlite_FolderIs0700_AndTheDatabaseAndWalAre0600()
    {
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        await using var gateway = await store.StartAsync();
        await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory!));
        foreach (var file in new[] { "gateway.db", "gateway.db-wal", "gateway.db-shm" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(store.Directory!, file)));
        }
    }

    [Fact]
    public async Task GenerateEncryptionKey_PrintsA32ByteBase64Key()
    {
        var (exit, output) = await GatewayCommand.RunAsync(new Dictionary<string, string>(), "generate-encryption-key");
        Assert.Equal(0, exit);
        Assert.True(EncryptionKeyText.TryParse(output.Split('\n')[0], out var key));
        Assert.Equal(32, key.Length);
    }

    private static bool Contains(string file, string text)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            return bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
