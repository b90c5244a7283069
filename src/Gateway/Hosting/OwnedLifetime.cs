using Microsoft.Extensions.Hosting;

namespace Gateway.Hosting;

/// <summary>
/// The lifetime of a second listener's host (metrics, console): it waits for nothing and handles no signal. SIGTERM
/// belongs to the gateway's host, which starts this one and stops it after draining.
/// </summary>
internal sealed class OwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
