using System.ClientModel;
using System.Globalization;
using Gateway.Accounts;
using Gateway.Accounts.Keys;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>A managed key's whole life over real sockets, with the official OpenAI client and a manual clock, on both stores.</summary>
public sealed class ClientKeyLifecycleTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Key_CreateUseRotateExpireRevoke_EachStepHoldsAtOnce(string kind)
    {
        await using var backend = await StoreBackend.CreateAsync(kind, postgres);
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var clock = new ManualClock();
        await using var gateway = await GatewayHost.StartAsync(Environment(upstreams), backend.Settings(), time: clock);

        var (status, created) = await gateway.Client.AdminAsync(HttpMethod.Post, "/admin/keys",
            """{"owner":"carol","label":"ci","models":["smart"],"limits":{"requestsPerMinute":60,"usdPerDay":1.5}}""");
        Assert.Equal(201, status);
        var id = created.GetProperty("id").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith("gw-", key, StringComparison.Ordinal);
        Assert.Equal(46, key.Length);
        Assert.Equal(key[..11], created.GetProperty("prefix").GetString());
        Assert.Equal("carol", created.GetProperty("owner").GetString());
        Assert.Equal(1.5m, created.GetProperty("limits").GetProperty("usdPerDay").GetDecimal());
        Assert.Equal(1.5m, gateway.Services.GetRequiredService<IKeyLimits>().For(id)!.UsdPerDay);

        Assert.Equal("Hello from alpha. token1 token2", await ChatAsync(gateway, key));

        var (_, read) = await gateway.Client.AdminAsync(HttpMethod.Get, $"/admin/keys/{id}");
        Assert.False(read.TryGetProperty("key", out _));
        Assert.NotEqual(JsonNull, read.GetProperty("lastUsedAt").GetRawText());

        // Rotation: the old key keeps working through the default grace (24 h), not after.
        var (rotated, second) = await gateway.Client.AdminAsync(HttpMethod.Post, $"/admin/keys/{id}/rotate");
        Assert.Equal(200, rotated);
        var newKey = second.GetProperty("key").GetString()!;
        Assert.Equal(id, second.GetProperty("id").GetString());
        Assert.NotEqual(key, newKey);
        Assert.NotNull(await ChatAsync(gateway, key));
        Assert.NotNull(await ChatAsync(gateway, newKey));
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await ChatAsync(gateway, key));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await ChatAsync(gateway, key));
        Assert.NotNull(await ChatAsync(gateway, newKey));

        // grace_seconds=0 ends the old key at once.
        var (_, third) = await gateway.Client.AdminAsync(HttpMethod.Post, $"/admin/keys/{id}/rotate?grace_seconds=0");
        var thirdKey = third.GetProperty("key").GetString()!;
        Assert.Null(await ChatAsync(gateway, newKey));
        Assert.NotNull(await ChatAsync(gateway, thirdKey));

        // Expiry, set by a patch, on the manual clock.
        var expires = (clock.GetUtcNow() + TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture);
        var (patched, patch) = await gateway.Client.AdminAsync(new HttpMethod("PATCH"), $"/admin/keys/{id}", $$"""{"expiresAt":"{{expires}}","label":"ci-2"}""");
        Assert.Equal(200, patched);
        Assert.Equal("ci-2", patch.GetProperty("label").GetString());
        Assert.NotNull(await ChatAsync(gateway, thirdKey));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await ChatAsync(gateway, thirdKey));

        // Revocation: refused at once on this replica.
        var (otherId, other) = await gateway.Client.CreateKeyAsync("dave");
        Assert.NotNull(await ChatAsync(gateway, other));
        var (revoked, gone) = await gateway.Client.AdminAsync(HttpMethod.Delete, $"/admin/keys/{otherId}");
        Assert.Equal(200, revoked);
        Assert.NotEqual(JsonNull, gone.GetProperty("revokedAt").GetRawText());
        Assert.Null(await ChatAsync(gateway, other));
        Assert.Equal(409, (await gateway.Client.AdminAsync(HttpMethod.Post, $"/admin/keys/{otherId}/rotate")).Status);

        // The list and the audit log; no key text nor hash in any answer or log line.
        var (_, list) = await gateway.Client.AdminAsync(HttpMethod.Get, "/admin/keys?owner=carol");
        Assert.Equal(id, list.GetProperty("keys").EnumerateArray().Single().GetProperty("id").GetString());
        var (_, audit) = await gateway.Client.AdminAsync(HttpMethod.Get, "/admin/audit");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count(a => a == "key-create"));
        Assert.Equal(2, actions.Count(a => a == "key-rotate"));
        Assert.Contains("key-update", actions);
        Assert.Contains("key-revoke", actions);
        var everything = list.GetRawText() + read.GetRawText() + patch.GetRawText() + gone.GetRawText() + audit.GetRawText() + string.Join("\n", gateway.Logs.Lines);
        foreach (var secret in new[] { key, newKey, thirdKey, other })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(ClientKeyText.Hash(secret), everything, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task LastUsed_IsFlushedInBatches_AndSurvivesARestart(string kind)
    {
        await using var backend = await StoreBackend.CreateAsync(kind, postgres);
        await using var upstreams = await Upstreams.StartAsync("alpha");
        string id;
        await using (var gateway = await GatewayHost.StartAsync(Environment(upstreams), backend.Settings()))
        {
            (id, var key) = await gateway.Client.CreateKeyAsync();
            Assert.NotNull(await ChatAsync(gateway, key));
            await gateway.Services.GetRequiredService<LastUsedFlusher>().FlushAsync(CancellationToken.None);
        }

        await using var restarted = await GatewayHost.StartAsync(Environment(upstreams), backend.Settings());
        var (_, read) = await restarted.Client.AdminAsync(HttpMethod.Get, $"/admin/keys/{id}");
        Assert.NotEqual(JsonNull, read.GetProperty("lastUsedAt").GetRawText());
    }

    private const string JsonNull = "null";

    internal static Dictionary<string, string?> Environment(Upstreams upstreams)
    {
        var env = StoreBackend.Environment();
        foreach (var (name, value) in upstreams.Environment())
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>The answer's text through the official client, or null when the gateway refused the key with 401.</summary>
    private static async Task<string?> ChatAsync(GatewayHost gateway, string key)
    {
        var client = new ChatClient("smart", new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(gateway.Root + "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });
        try
        {
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]);
            return completion.Content[0].Text;
        }
        catch (ClientResultException e) when (e.Status == 401)
        {
            return null;
        }
    }
}
