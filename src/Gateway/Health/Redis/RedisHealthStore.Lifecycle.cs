using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>The merge loop: started with the host, stopped after every request has drained, with a last flush.</summary>
internal sealed partial class RedisHealthStore : IHostedLifecycleService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps merging while the web server drains requests in flight.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every request has drained: stop the loop and hand the last outcomes to the other replicas.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await TryFlushAsync().ConfigureAwait(false);
        await UnsubscribeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        do
        {
            await TryFlushAsync().ConfigureAwait(false);
        }
        while (await Tick(timer, stopping).ConfigureAwait(false));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops listening on the channel: the connection is shared and lives on until the container disposes it.</summary>
    private async Task UnsubscribeAsync()
    {
        if (!_subscribed || _redis.Subscriber is not { } subscriber)
        {
            return;
        }

        try
        {
            await subscriber.UnsubscribeAsync(RedisChannel.Literal(_channel), OnCircuitMessage).WaitAsync(_options.Timeout).ConfigureAwait(false);
            _subscribed = false;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            // The subscription ends with the connection.
        }
    }
}
