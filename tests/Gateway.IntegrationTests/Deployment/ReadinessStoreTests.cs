using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>
/// <c>/readyz</c> reports the control-data store: a gateway whose SQLite folder cannot be created (the image's data
/// folder not writable, as the image shipped before) says so there, degraded but still serving, instead of only
/// answering 503 on the admin API.
/// </summary>
public sealed class ReadinessStoreTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private DirectoryInfo _folder = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _folder = Directory.CreateTempSubdirectory("gateway-readyz-");
    }

    public async Task DisposeAsync()
    {
        await _upstreams.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task WritableDataFolder_ReadyzReportsTheSqliteStoreAvailable()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:Store:DataDirectory"] = Path.Combine(_folder.FullName, "data") });

        var ready = await ReadyzAsync(gateway);

        Assert.Equal(("ready", "sqlite", "available"), (ready["status"], ready["store"], ready["store_status"]));
    }

    [Fact]
    public async Task DataFolderThatCannotBeCreated_ReadyzReportsTheStoreUnavailable_AndStillServes()
    {
        // A regular file where the folder's parent should be: creating the folder fails, as on a read-only filesystem.
        var file = Path.Combine(_folder.FullName, "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_ADMIN_KEY", "admin-key-of-24-characters")), new Dictionary<string, string?> { ["Gateway:Store:DataDirectory"] = Path.Combine(file, "data") });

        var ready = await ReadyzAsync(gateway);
        var (chat, _) = await gateway.Client.ExchangeAsync(Http.Chat());
        var keys = new HttpRequestMessage(HttpMethod.Get, "/admin/keys") { Headers = { { "Authorization", "Bearer admin-key-of-24-characters" } } };
        var (admin, _) = await gateway.Client.ExchangeAsync(keys);

        Assert.Equal(("degraded", "sqlite", "unavailable"), (ready["status"], ready["store"], ready["store_status"]));
        Assert.Contains("control-data store (sqlite) is unavailable", ready["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.StatusCode);
    }

    private static async Task<Dictionary<string, string>> ReadyzAsync(GatewayHost gateway)
    {
        var (response, body) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(body)!;
    }
}
