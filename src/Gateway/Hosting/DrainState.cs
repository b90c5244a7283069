using Gateway.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// Graceful shutdown: from SIGTERM on, <c>/readyz</c> answers 503 so load balancers stop sending traffic, new
/// <c>/v1</c> requests on still-open connections are refused with 503, and requests and streams in flight run to
/// completion while the host waits up to the drain timeout (HostOptions.ShutdownTimeout).
/// </summary>
internal sealed partial class DrainState : Endpoints.IDrainStatus
{
    private int _inFlight;

    public DrainState(IHostApplicationLifetime lifetime, ILogger<DrainState> logger)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            Draining = true;
            Log.Draining(logger, Volatile.Read(ref _inFlight));
        });
    }

    public bool Draining { get; private set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Refuses new requests once draining; otherwise the next middleware's task (no state machine of its own).</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Draining && context.GetEndpoint()?.Metadata.GetMetadata<RefusedWhileDraining>() is not null)
        {
            context.Response.Headers.Connection = "close";
            return OpenAIError.WriteAsync(context, 503, "The gateway is shutting down; retry on another replica.", ErrorTypes.ServiceUnavailable, "shutting_down", TimeSpan.FromSeconds(1));
        }

        return next(context);
    }

    /// <summary>
    /// A request started: counted in flight until <see cref="Exit"/>. Called by <see cref="RequestOutcomeMiddleware"/>,
    /// which awaits every request anyway, so that counting costs no state machine of its own per request.
    /// </summary>
    public void Enter() => Interlocked.Increment(ref _inFlight);

    /// <summary>A request <see cref="Enter"/> counted ended, however it ended.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Draining, Level = LogLevel.Information, Message = "Shutting down: refusing new requests, draining {InFlight} in flight")]
        public static partial void Draining(ILogger logger, int inFlight);
    }
}
