using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Console;

/// <summary>A real gateway on a fresh SQLite store with the Store tests' keys (admin, alice, bob, an ownerless client key).</summary>
internal static class ConsoleGateway
{
    public static async Task<(GatewayHost Gateway, StoreBackend Store)> StartAsync(TimeProvider? time = null, params (string Key, string? Value)[] settings)
    {
        var store = await StoreBackend.CreateAsync("sqlite", null!);
        return (await store.StartAsync(time: time, settings: settings), store);
    }
}
