using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Store;

/// <summary>
/// A change made through the APIs moves the store version once: the routing table is rebuilt exactly once per change,
/// on the change's own thread, after the managed providers reloaded (before, a change rebuilt it twice: once called
/// directly and once more from the provider source's event, on the thread pool).
/// </summary>
public sealed class StoreChangePropagationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private FakeUpstreamServer _alpha = null!;

    public async Task InitializeAsync() => _alpha = await FakeUpstreamServer.StartAsync("alpha");

    public async Task DisposeAsync() => await _alpha.DisposeAsync();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task ProviderChanges_EachRebuildTheRoutingTableOnce_BeforeTheApiAnswers(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var gateway = await store.StartAsync();
        var routing = gateway.Services.GetRequiredService<RoutingTableSource>();
        var swaps = 0;
        routing.Swapped += _ => Interlocked.Increment(ref swaps);
        var enabled = routing.Current.Catalog.Enabled.Count;

        var (created, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(_alpha));
        Assert.Equal(201, created);
        Assert.Equal(1, Volatile.Read(ref swaps));
        Assert.Equal(enabled + 1, routing.Current.Catalog.Enabled.Count);

        var id = body.GetProperty("id").GetString();
        Assert.Equal(200, (await gateway.Client.SendAsync(HttpMethod.Put, $"/admin/providers/{id}", StoreBackend.AdminKey, """{"isActive":false}""")).Status);
        Assert.Equal(enabled, routing.Current.Catalog.Enabled.Count);
        Assert.Equal(200, (await gateway.Client.SendAsync(HttpMethod.Delete, $"/admin/providers/{id}", StoreBackend.AdminKey)).Status);

        // The next change's answer is a point where a rebuild queued by an earlier one would have run.
        Assert.Equal(3, Volatile.Read(ref swaps));
    }
}
