using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>
/// <c>/readyz</c> reports the control-data store (its kind and whether it answers); a SQLite folder that cannot be
/// created (the image's data folder not writable, as the image shipped before) stops start-up naming the setting,
/// instead of a gateway that serves and answers 503 on the admin API.
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
    public async Task DataFolderThatCannotBeCreated_StopsStartUp_NamingTheSetting()
    {
        // A regular file where the folder's parent should be: creating the folder fails, as on a read-only filesystem.
        // A store that cannot be opened is no "degraded" state: start-up stops (exit code 2 for the process, see
        // Tenancy/StoreOpenFailureTests) with a message naming the file and the setting.
        var file = Path.Combine(_folder.FullName, "not-a-folder");
        await File.WriteAllTextAsync(file, "");

        var error = await Assert.ThrowsAsync<Gateway.Configuration.GatewayConfigurationException>(() => GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ADMIN_KEY", "admin-key-of-24-characters")), new Dictionary<string, string?> { ["Gateway:Store:DataDirectory"] = Path.Combine(file, "data") }));

        Assert.Contains("Gateway:Store:DataDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(file, "data"), error.Message, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> ReadyzAsync(GatewayHost gateway)
    {
        var (response, body) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(body)!;
    }
}
