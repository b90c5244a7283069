namespace Gateway.IntegrationTests.Fuzz;

/// <summary>One <see cref="FuzzGateway"/> shared by a test class's cases.</summary>
public sealed class FuzzGatewayFixture : IAsyncLifetime
{
    internal FuzzGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await FuzzGateway.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
