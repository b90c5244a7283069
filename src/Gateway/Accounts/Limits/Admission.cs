using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Admission: a caller without limits gets a ticket (for the ledger) and nothing else, no counter touched; a caller
/// with limits has the request's estimate reserved against every limit that applies (its key's and its owner's) in one
/// atomic step, or gets 429 in the surface's shape with <c>Retry-After</c> to the refusing window's reset. A scope whose
/// counters are not loaded (first sight, a restart, a Redis flush) is loaded from the ledger first.
/// </summary>
internal sealed partial class Admission(IKeyLimits keys, IOwnerLimits owners, ILimitCounter counter, RequestEstimator estimator, AdmissionRegistry registry,
    ILedgerTotals ledger, GatewayMetrics metrics, TimeProvider time, AccountsOptions options, InFlightLimits inFlight)
{
    /// <summary>The ticket for a request of no known key: nothing to bill, nothing held.</summary>
    public static readonly AdmissionTicket None = new("", null, null, null, null);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> _loads = new(StringComparer.Ordinal);

    /// <summary>The ticket to settle when the request ends, or null when a 429 was answered.</summary>
    public async ValueTask<AdmissionTicket?> AdmitAsync(HttpContext context, string? keyId, string? owner, PooledBuffer body, string provider, string model)
    {
        if (keyId is null)
        {
            return None;
        }

        var requestId = context.TraceIdentifier;
        var (keyLimits, ownerLimits) = (keys.For(keyId), owner is null ? null : owners.For(owner));
        if ((keyLimits is null || keyLimits.IsEmpty) && (ownerLimits is null || ownerLimits.IsEmpty))
        {
            metrics.Admissions.Add(1, GatewayMetrics.Tags("result", "unlimited"));
            var free = new AdmissionTicket(keyId, owner, null, null, t => registry.Remove(requestId));
            registry.Add(requestId, free);
            return free;
        }

        InFlightLimits.Hold? held = null;
        if (keyLimits?.MaxConcurrent is not null || ownerLimits?.MaxConcurrent is not null)
        {
            held = inFlight.TryEnter(keyId, keyLimits?.MaxConcurrent, owner, ownerLimits?.MaxConcurrent);
            if (held is null)
            {
                metrics.Rejections.Add(1, GatewayMetrics.Tags("reason", "concurrent"));
                await OpenAIError.WriteAsync(context, 429, "Too many requests in flight for this key or its owner (maxConcurrent); retry when one has finished.",
                    ErrorTypes.RateLimit, "concurrency_limit_exceeded", retryAfter: TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                return null;
            }

            if ((keyLimits is null || keyLimits.IsUncounted) && (ownerLimits is null || ownerLimits.IsUncounted))
            {
                metrics.Admissions.Add(1, GatewayMetrics.Tags("result", "unlimited"));
                var bounded = new AdmissionTicket(keyId, owner, null, null, t => { registry.Remove(requestId); held.Release(); });
                registry.Add(requestId, bounded);
                return bounded;
            }
        }

        var (prompt, output) = estimator.Tokens(body.Span);
        var microUsd = estimator.MicroUsd(provider, model, prompt, output);
        var now = time.GetUtcNow();
        var reservation = LimitPlanner.Plan(keyId, owner, keyLimits, ownerLimits, prompt + output, microUsd, now, options.ReservationTtl);
        var result = await counter.ReserveAsync(reservation).ConfigureAwait(false);
        for (var loads = 0; result.MissingScope is { } scope && loads < 3; loads++)
        {
            try
            {
                await LoadAsync(reservation.Tag, scope, keyId, owner, now).ConfigureAwait(false);
            }
            catch (Store.StoreUnavailableException)
            {
                break; // a budget is not guessed: 503 below
            }

            result = await counter.ReserveAsync(reservation).ConfigureAwait(false);
        }

        if (!result.Admitted)
        {
            held?.Release();
            var refused = result.Refused;
            var reason = refused is null ? "unloaded" : LimitKinds.Name(refused.Kind);
            metrics.Rejections.Add(1, GatewayMetrics.Tags("reason", reason));
            RateLimitHeaders.Write(context.Response.Headers, reservation, result, now);
            if (refused is null)
            {
                await OpenAIError.WriteAsync(context, 503, "Usage limits could not be checked; try again.", ErrorTypes.ServiceUnavailable, "limits_unavailable").ConfigureAwait(false);
                return null;
            }

            context.Response.Headers.RetryAfter = LimitWindows.SecondsToReset(LimitKinds.Period(refused.Kind), now).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await OpenAIError.WriteAsync(context, 429, Message(refused), ErrorTypes.RateLimit, LimitKinds.Code(refused.Kind)).ConfigureAwait(false);
            return null;
        }

        metrics.Admissions.Add(1, GatewayMetrics.Tags("result", "reserved"));
        var ticket = new AdmissionTicket(keyId, owner, reservation, counter, t => { registry.Remove(requestId); held?.Release(); }) { EstimatedPrompt = prompt, EstimatedOutput = output, EstimatedMicroUsd = microUsd };
        registry.Add(requestId, ticket);
        context.Response.OnStarting(() =>
        {
            RateLimitHeaders.Write(context.Response.Headers, reservation, result, now);
            return Task.CompletedTask;
        });
        return ticket;
    }

    /// <summary>Loads a scope's counters from the ledger: one load at a time per scope, however many requests found it missing.</summary>
    private async Task LoadAsync(string tag, string scope, string keyId, string? owner, DateTimeOffset now)
    {
        var name = tag + scope;
        var load = _loads.GetOrAdd(name, _ => new Lazy<Task>(async () =>
        {
            var totals = await ledger.TotalsAsync(scope.StartsWith("k:", StringComparison.Ordinal) ? keyId : null, owner, now).ConfigureAwait(false);
            await counter.LoadAsync(tag, scope, LimitPlanner.Loaded(tag, scope, now, totals.DayTokens, totals.DayMicroUsd, totals.MonthTokens, totals.MonthMicroUsd)).ConfigureAwait(false);
        }));
        try
        {
            await load.Value.ConfigureAwait(false);
        }
        finally
        {
            _loads.TryRemove(new KeyValuePair<string, Lazy<Task>>(name, load));
        }
    }

    private static string Message(LimitLine line) =>
        $"{(line.Scope.StartsWith("o:", StringComparison.Ordinal) ? "The owner's" : "This key's")} limit {LimitKinds.Name(line.Kind)} is reached; it resets at {line.Reset:yyyy-MM-ddTHH:mm:ssZ}.";
}
