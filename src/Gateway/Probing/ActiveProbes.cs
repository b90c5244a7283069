using System.Collections.Concurrent;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Providers;
using Gateway.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Probing;

/// <summary>
/// Active probes (<c>Gateway:Probes</c>): every <see cref="ProbeOptions.Interval"/> (on the injected clock), each enabled
/// provider that traffic has not reached for <see cref="ProbeOptions.IdleAfter"/> (an idle one, or a standby failover
/// target that normal traffic never reaches) is asked for its model list (<see cref="ProviderProbe"/>: the provider
/// type's cheapest request, no tokens spent), and the answer counts in its health like an attempt: a failure opens its
/// circuit at once (an outcome marked <c>Probe</c>), so a failover target that went down is known bad before a
/// request needs it; a success takes a half-open circuit's turn and closes it, so a
/// recovered provider comes back. A provider whose circuit is open and cooling is left alone until its half-open turn.
/// With a shared health store one replica probes per round (<see cref="IHealthStore.TryLeaseProbeRoundAsync"/>);
/// the results reach the others through the store.
/// </summary>
internal sealed partial class ActiveProbes(
    GatewayOptions options,
    RoutingTableSource routing,
    IHealthStore health,
    ProviderProbe probe,
    TimeProvider time,
    ILogger<ActiveProbes> logger) : BackgroundService
{
    /// <summary>When this replica last probed each provider: an attempt at that moment was the probe, not traffic.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _probedAt = new(StringComparer.Ordinal);

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sent;
    private int _rounds;
    private int _decided;

    /// <summary>Completes once the interval's timer runs (the service starts in the background): a clock moved before that moves no round.</summary>
    public Task Started => _started.Task;

    /// <summary>Probes this replica sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Rounds this replica ran (took the lease of) so far.</summary>
    public int Rounds => Volatile.Read(ref _rounds);

    /// <summary>Rounds this replica has finished, run or left to another replica.</summary>
    public int Decided => Volatile.Read(ref _decided);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Probes.Interval, time);
        _started.TrySetResult();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RoundAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RoundFailed(logger, e.GetType().Name); // the next round tries again
                }
                finally
                {
                    Interlocked.Increment(ref _decided);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: the idle providers, probed one after the other (each bounded by the probe timeout).</summary>
    internal async Task RoundAsync(CancellationToken cancellationToken)
    {
        var interval = options.Probes.Interval;
        var now = time.GetUtcNow();
        var round = now.ToUnixTimeMilliseconds() / Math.Max(1, (long)interval.TotalMilliseconds);
        if (!await health.TryLeaseProbeRoundAsync(round, interval * 2).ConfigureAwait(false))
        {
            return; // another replica has this round
        }

        Interlocked.Increment(ref _rounds);
        var lastUsed = health.Snapshot().ToDictionary(s => s.Provider, s => s.LastUsed, StringComparer.Ordinal);
        foreach (var provider in routing.Current.Catalog.Enabled)
        {
            if (!IsIdle(provider.Name, lastUsed.GetValueOrDefault(provider.Name), now))
            {
                continue; // traffic measures it already
            }

            if (!health.TryBeginAttempt(provider.Name))
            {
                continue; // open and cooling (or another replica's half-open turn): its turn will come
            }

            _probedAt[provider.Name] = time.GetUtcNow();
            await ProbeAsync(provider, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsIdle(string provider, DateTimeOffset? lastUsed, DateTimeOffset now) =>
        lastUsed is not { } used
        || now - used >= options.Probes.IdleAfter
        || (_probedAt.TryGetValue(provider, out var probed) && used <= probed); // the last attempt was our probe

    private async Task ProbeAsync(Provider provider, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        var outcome = AttemptOutcome.Abandoned;
        var errorClass = "connect";
        try
        {
            using var limit = new CancellationTokenSource(options.Probes.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            var (_, error, latency) = await probe.RunAsync(provider, linked.Token).ConfigureAwait(false);
            errorClass = error;
            outcome = Outcome(error, latency);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (errorClass, outcome) = ("timeout", AttemptOutcome.Failed(FailureKind.HeadersTimeout, options.Probes.Timeout) with { Probe = true });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A request the adapter cannot build or send: nothing learnt about the provider (the attempt is released).
            Log.ProbeNotSent(logger, provider.Name, e.GetType().Name);
        }
        finally
        {
            health.Record(provider.Name, outcome); // always: a half-open turn taken by the probe is given back
        }

        if (outcome.Kind == OutcomeKind.Failure)
        {
            Log.ProbeFailed(logger, provider.Name, errorClass);
        }
        else if (outcome.Kind == OutcomeKind.Success)
        {
            Log.ProbePassed(logger, provider.Name);
        }
    }

    /// <summary>A probe's answer as a health outcome: 404, 429 and other 4xx say nothing about serving requests.</summary>
    private static AttemptOutcome Outcome(string errorClass, TimeSpan latency) => (errorClass switch
    {
        "ok" => AttemptOutcome.Success(latency),
        "rate_limited" or "not_found" or "client_error" => AttemptOutcome.Abandoned,
        "authentication" => AttemptOutcome.Failed(FailureKind.Credential, latency),
        "server_error" => AttemptOutcome.Failed(FailureKind.ServerError, latency),
        "timeout" => AttemptOutcome.Failed(FailureKind.HeadersTimeout, latency),
        "refused_by_policy" => AttemptOutcome.Failed(FailureKind.Refused, latency),
        _ => AttemptOutcome.Failed(FailureKind.Connect, latency),
    }) with { Probe = true };

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ActiveProbeFailed, Level = LogLevel.Warning, Message = "Active probe of {Provider} failed ({ErrorClass}); it counts against the provider's health")]
        public static partial void ProbeFailed(ILogger logger, string provider, string errorClass);

        [LoggerMessage(EventId = EventIds.ActiveProbePassed, Level = LogLevel.Debug, Message = "Active probe of {Provider} passed")]
        public static partial void ProbePassed(ILogger logger, string provider);

        [LoggerMessage(EventId = EventIds.ActiveProbeNotSent, Level = LogLevel.Warning, Message = "Active probe of {Provider} could not be sent ({Error})")]
        public static partial void ProbeNotSent(ILogger logger, string provider, string error);

        [LoggerMessage(EventId = EventIds.ActiveProbeRoundFailed, Level = LogLevel.Warning, Message = "Active probe round failed ({Error}); the next round tries again")]
        public static partial void RoundFailed(ILogger logger, string error);
    }
}
