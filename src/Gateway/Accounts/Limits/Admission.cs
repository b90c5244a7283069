using System.Globalization;
using Gateway.Contracts;
using Gateway.Telemetry;
using Gateway.Usage;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Admission: a caller without limits gets a ticket (for the ledger) and nothing else, no counter touched; a caller
/// with limits has the request's bound (<see cref="RequestEstimator"/>: the most it can cost on any of its candidates)
/// reserved against every limit that applies (its key's and its owner's) in one atomic step. When a budget cannot cover
/// the bound, the request is refused (429, <c>Retry-After</c> to the refusing window's reset, written by the surface in
/// its own shape); or,
/// where the refusing scope's limits say <c>onShortfall: "clamp"</c>, the output each choice may take is lowered to what
/// the budget covers (at least <see cref="AccountsOptions.MinClampedOutputTokens"/>), reserved, and sent upstream as the
/// request's <c>max_tokens</c>, said in <see cref="ClampedHeader"/>. A scope whose counters are not loaded (first
/// sight, a restart, a Redis flush) is loaded from the ledger first. The ticket is the request's own: it travels on the
/// request and its attempts, never looked up by a client's id. Admission answers with an <see cref="AdmissionResult"/>
/// and writes no response.
/// </summary>
internal sealed partial class Admission(IKeyLimits keys, IOwnerLimits owners, ILimitCounter counter, RequestEstimator estimator,
    ILedgerTotals ledger, GatewayMetrics metrics, TimeProvider time, AccountsOptions options, InFlightLimits inFlight)
{
    /// <summary>The response header that says a request's <c>max_tokens</c> was lowered to what its budget covers, and to what.</summary>
    public const string ClampedHeader = "x-gateway-max-tokens-clamped";

    /// <summary>The ticket for a request of no known key: nothing to bill, nothing held.</summary>
    public static readonly AdmissionTicket None = new("", null, null, null);

    /// <summary>A request without a client key: nothing to count or hold, and one result for all of them.</summary>
    private static readonly AdmissionResult Anonymous = AdmissionResult.Admit(None);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> _loads = new(StringComparer.Ordinal);

    /// <summary>Admitted with the ticket to settle when the request ends, refused (429 or 503), or <see cref="AdmissionResult.Gone"/> when the client left while counting.</summary>
    public async ValueTask<AdmissionResult> AdmitAsync(string? keyId, string? owner, AdmissionRequest request, CancellationToken aborted)
    {
        if (keyId is null)
        {
            return Anonymous;
        }

        var (keyLimits, ownerLimits) = (keys.For(keyId), owner is null ? null : owners.For(owner));
        if ((keyLimits is null || keyLimits.IsEmpty) && (ownerLimits is null || ownerLimits.IsEmpty))
        {
            metrics.Admissions.Add(1, GatewayMetrics.Tags("result", "unlimited"));
            return AdmissionResult.Admit(new AdmissionTicket(keyId, owner, null, null));
        }

        InFlightLimits.Hold? held = null;
        if (keyLimits?.MaxConcurrent is not null || ownerLimits?.MaxConcurrent is not null)
        {
            held = inFlight.TryEnter(keyId, keyLimits?.MaxConcurrent, owner, ownerLimits?.MaxConcurrent);
            if (held is null)
            {
                metrics.Rejections.Add(1, GatewayMetrics.Tags("reason", "concurrent"));
                return AdmissionResult.Refuse(new Refusal(429, "concurrency_limit_exceeded", "Too many requests in flight for this key or its owner (maxConcurrent); retry when one has finished.")
                {
                    RetryAfter = TimeSpan.FromSeconds(1),
                });
            }

            if ((keyLimits is null || keyLimits.IsUncounted) && (ownerLimits is null || ownerLimits.IsUncounted))
            {
                metrics.Admissions.Add(1, GatewayMetrics.Tags("result", "unlimited"));
                return AdmissionResult.Admit(new AdmissionTicket(keyId, owner, null, null) { Held = held });
            }
        }

        RequestShape shape = default;
        try
        {
            // Bounded and cancellable: a huge body costs at most the cap, and a client that leaves stops the count. A free request is not counted.
            shape = request.Free ? shape : estimator.Read(request.Body.Span, request.History.Span, new TokenWork(options.MaxTokenizedChars, aborted, estimator.Meter));
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            held?.Release();
            return AdmissionResult.Gone;
        }

        var bound = request.Free ? default : estimator.Bound(shape, request);
        var now = time.GetUtcNow();
        long? clamped = null;
        var reservation = LimitPlanner.Plan(keyId, owner, keyLimits, ownerLimits, bound.Tokens, bound.MicroUsd, now, options.ReservationTtl);
        var result = await ReserveAsync(reservation, keyId, owner, now).ConfigureAwait(false);
        for (var round = 0; !request.Free && !result.Admitted && result.Refused is { } line && round < 3; round++)
        {
            // A shortfall the refusing scope clamps: the most each choice may write within what is left, if that is enough.
            var clamps = line.Scope.StartsWith("k:", StringComparison.Ordinal) ? keyLimits?.Clamps == true : ownerLimits?.Clamps == true;
            var room = line.Limit - (result.Counters.Count > 0 ? result.Counters[0] : line.Limit);
            if (!clamps || estimator.PerChoiceWithin(line.Kind, room, shape, request) is not { } fits
                || Math.Min(fits, clamped ?? bound.PerChoice) < options.MinClampedOutputTokens)
            {
                break;
            }

            clamped = Math.Min(fits, clamped ?? bound.PerChoice);
            bound = estimator.Bound(shape, request, clamped);
            reservation = LimitPlanner.Plan(keyId, owner, keyLimits, ownerLimits, bound.Tokens, bound.MicroUsd, now, options.ReservationTtl);
            result = await ReserveAsync(reservation, keyId, owner, now).ConfigureAwait(false);
        }

        if (!result.Admitted)
        {
            held?.Release();
            return AdmissionResult.Refuse(Refuse(reservation, result, now));
        }

        metrics.Admissions.Add(1, GatewayMetrics.Tags("result", clamped is null ? "reserved" : "clamped"));
        var ticket = new AdmissionTicket(keyId, owner, reservation, counter)
        {
            EstimatedPrompt = bound.Prompt,
            EstimatedOutput = bound.Output,
            EstimatedMicroUsd = bound.MicroUsd,
            ClampedOutput = clamped,
            Held = held,
        };
        var headers = RateLimitHeaders.For(reservation, result, now);
        if (clamped is { } max)
        {
            headers.Add(new(ClampedHeader, max.ToString(CultureInfo.InvariantCulture)));
        }

        return AdmissionResult.Admit(ticket) with { Headers = headers };
    }

    /// <summary>Reserves, loading scopes the counter does not hold yet from the ledger (a 503 below when the store is down).</summary>
    private async ValueTask<ReserveResult> ReserveAsync(Reservation reservation, string keyId, string? owner, DateTimeOffset now)
    {
        var result = await counter.ReserveAsync(reservation).ConfigureAwait(false);
        for (var loads = 0; result.MissingScope is { } scope && loads < 3; loads++)
        {
            try
            {
                await LoadAsync(reservation.Tag, scope, keyId, owner, now).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                break; // a budget is not guessed: 503 below
            }

            result = await counter.ReserveAsync(reservation).ConfigureAwait(false);
        }

        return result;
    }

    private Refusal Refuse(Reservation reservation, ReserveResult result, DateTimeOffset now)
    {
        var refused = result.Refused;
        var reason = refused is null ? "unloaded" : LimitKinds.Name(refused.Kind);
        metrics.Rejections.Add(1, GatewayMetrics.Tags("reason", reason));
        var headers = RateLimitHeaders.For(reservation, result, now);
        return refused is null
            ? new Refusal(503, "limits_unavailable", "Usage limits could not be checked; try again.") { Headers = headers }
            : new Refusal(429, LimitKinds.Code(refused.Kind), Message(refused))
            {
                Headers = headers,
                RetryAfter = TimeSpan.FromSeconds(LimitWindows.SecondsToReset(LimitKinds.Period(refused.Kind), now)),
            };
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
