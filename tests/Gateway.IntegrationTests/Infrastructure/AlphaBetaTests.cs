using Gateway.FakeUpstream;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Tests against two fake providers, "alpha" and "beta", started fresh for each test and stopped after it.</summary>
public abstract class AlphaBetaTests : IAsyncLifetime
{
    protected FakeUpstreamServer Alpha { get; private set; } = null!;

    protected FakeUpstreamServer Beta { get; private set; } = null!;

    public async Task InitializeAsync() => (Alpha, Beta) = (await FakeUpstreamServer.StartAsync("alpha"), await FakeUpstreamServer.StartAsync("beta"));

    public async Task DisposeAsync()
    {
        await Alpha.DisposeAsync();
        await Beta.DisposeAsync();
    }
}
