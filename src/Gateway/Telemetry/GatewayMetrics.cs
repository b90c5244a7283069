using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Telemetry;

/// <summary>
/// Owns the gateway's <see cref="Meter"/>, its instruments and their tag names. Every tag value is bounded:
/// provider names and configured models come from configuration, outcomes and error types from fixed sets;
/// never a request id or text a client sent (an unlisted model is tagged <see cref="OtherModel"/>). Read by the
/// OpenTelemetry SDK (Hosting/GatewayTelemetryExtensions): the Prometheus exporter serves it on <c>/metrics</c>,
/// OTLP exports it when configured. Histograms carry their bucket bounds as instrument advice.
/// </summary>
internal sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Gateway";
    public const string OtherModel = "other";

    /// <summary>Bucket bounds for latency histograms, in seconds: 5 ms up to 10 minutes (long generations).</summary>
    public static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Meter _meter = new(MeterName);

    /// <summary>This instance's meter (one per gateway host).</summary>
    public Meter Meter => _meter;

    public GatewayMetrics()
    {
        Requests = _meter.CreateCounter<long>("gateway.requests", "{request}", "Requests answered by the gateway, by route and status code.");
        RequestDuration = Histogram("gateway.request.duration", "s", "Time from receiving a request to the end of its response, by route and status code.", LatencyBuckets);
        AttemptHeaders = Histogram("gateway.upstream.headers.duration", "s", "Upstream attempt time to response headers, by provider and outcome.", LatencyBuckets);
        AttemptDuration = Histogram("gateway.upstream.duration", "s", "Upstream attempt time to the end of the body, by provider and outcome.", LatencyBuckets);
        FirstToken = Histogram("gateway.upstream.first_token.duration", "s", "Streaming time to first content token, by provider and model.", LatencyBuckets);
        Attempts = _meter.CreateCounter<long>("gateway.upstream.attempts", "{attempt}", "Upstream attempts, by provider and outcome.");
        Failovers = _meter.CreateCounter<long>("gateway.failovers", "{failover}", "Moves from a failed provider to the next, by from, to and reason.");
        Hedges = _meter.CreateCounter<long>("gateway.hedges", "{hedge}", "Hedges started because a provider's first token was slow, by that provider and outcome (won: the hedge answered first; lost: the provider did; failed: the hedge failed).");
        Errors = _meter.CreateCounter<long>("gateway.errors", "{error}", "Upstream errors by provider and type (timeout, connect, 5xx, 429, 4xx, stream_aborted, client_cancelled).");
        Tokens = _meter.CreateCounter<long>("gateway.tokens", "{token}", "Tokens reported by upstreams' usage, by provider, model and type (prompt, completion).");
        // "usd" in lower case: the Prometheus exporter appends a unit as written, and the series have always been *_usd_total.
        Cost = _meter.CreateCounter<double>("gateway.cost", "usd", "Estimated cost from the price table, by provider and model.");
        UsageMissing = _meter.CreateCounter<long>("gateway.usage.missing", "{response}", "Successful responses without usage from the upstream: nothing was counted for them.");
        PriceMissing = _meter.CreateCounter<long>("gateway.price.missing", "{response}", "Responses whose model has no price: tokens counted, cost not.");
        Admissions = _meter.CreateCounter<long>("gateway.limits.admissions", "{request}", "Requests of known keys admitted, by result (reserved, unlimited).");
        Rejections = _meter.CreateCounter<long>("gateway.limits.rejections", "{request}", "Requests refused by a limit, by reason (rpm, tpm, usd_day, usd_month, tokens_day, tokens_month).");
        EstimateRatio = Histogram("gateway.limits.estimate_ratio", "1", "Settled cost divided by the reserved estimate, per settled request: tune the estimate with it.", LatencyBuckets);
        OwnerSpend = _meter.CreateCounter<double>("gateway.owner.spend", "usd", "Spend billed to the ledger, by owner: only owners listed in Gateway:Metrics:OwnerLabels, the rest as owner=\"other\".");
        AuthFailures = _meter.CreateCounter<long>("gateway.auth.failures", "{failure}", "Failed authentications (a key presented and not recognised), by surface (admin, v1, provider_api, console).");
        TranslationOmitted = _meter.CreateCounter<long>("gateway.translation.omitted", "{request}", "Requests whose translation for a provider left something out (a built-in tool it lacks), by provider and item (tools.web_search).");
        MalformedEvents = _meter.CreateCounter<long>("gateway.upstream.malformed_events", "{event}", "Upstream stream events whose data was not valid JSON, dropped before the client saw them, by provider.");
        Continuations = _meter.CreateCounter<long>("gateway.stream.continuations", "{continuation}", "Broken chat streams continued on another provider, by provider (the one continuing) and outcome (continued, failed, refused, none).");
        OwnerTokens = _meter.CreateCounter<long>("gateway.owner.tokens", "{token}", "Tokens (prompt + completion) billed to the ledger, by owner, labelled as gateway.owner.spend.");

        // The OpenTelemetry GenAI semantic conventions (v1.41), with their advised buckets: the same attempts as the
        // gateway's own instruments, named and labelled as any GenAI dashboard expects.
        GenAiRequestDuration = Histogram(GenAiConventions.RequestDuration, "s", "GenAI operation duration per upstream attempt.", GenAiConventions.DurationBuckets);
        GenAiTimeToFirstToken = Histogram(GenAiConventions.TimeToFirstToken, "s", "Time to the first content token of a streamed response.", GenAiConventions.FirstTokenBuckets);
        GenAiTimePerOutputToken = Histogram(GenAiConventions.TimePerOutputToken, "s", "Time per output token after the first, for streamed responses with usage.", GenAiConventions.PerOutputTokenBuckets);
        GenAiTokenUsage = _meter.CreateHistogram<long>(GenAiConventions.TokenUsage, "{token}", "Tokens per attempt as the upstream reported them, by gen_ai.token.type (input, output).",
            tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [.. GenAiConventions.TokenBuckets.Select(b => (long)b)] });
    }

    public Counter<long> Requests { get; }
    public Histogram<double> RequestDuration { get; }
    public Histogram<double> AttemptHeaders { get; }
    public Histogram<double> AttemptDuration { get; }
    public Histogram<double> FirstToken { get; }
    public Counter<long> Attempts { get; }
    public Counter<long> Failovers { get; }
    public Counter<long> Hedges { get; }
    public Counter<long> Errors { get; }
    public Counter<long> Tokens { get; }
    public Counter<double> Cost { get; }
    public Counter<long> UsageMissing { get; }
    public Counter<long> PriceMissing { get; }
    /// <summary>
    /// <c>gateway.upstream.in_flight</c>, read from the bulkhead's own counts when the SDK collects (the bulkhead counts
    /// every attempt anyway: no measurement per request).
    /// </summary>
    public void ObserveInFlight(Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableUpDownCounter("gateway.upstream.in_flight", observe, "{request}", "Upstream requests in flight, by provider.");
    public Counter<long> Admissions { get; }
    public Counter<long> Rejections { get; }
    public Histogram<double> EstimateRatio { get; }
    public Counter<double> OwnerSpend { get; }
    public Counter<long> OwnerTokens { get; }
    public Counter<long> AuthFailures { get; }

    public Counter<long> TranslationOmitted { get; }

    /// <summary>Upstream events that were not valid JSON (dropped), by provider.</summary>
    public Counter<long> MalformedEvents { get; }

    /// <summary>Continuations of broken streams, by provider and outcome.</summary>
    public Counter<long> Continuations { get; }

    public Histogram<double> GenAiRequestDuration { get; }

    public Histogram<double> GenAiTimeToFirstToken { get; }

    public Histogram<double> GenAiTimePerOutputToken { get; }

    public Histogram<long> GenAiTokenUsage { get; }

    /// <summary>Registers a gauge read at collection time (health score, circuit state, sharing state).</summary>
    public void Gauge(string name, string unit, string description, Func<IEnumerable<Measurement<double>>> observe) =>
        _meter.CreateObservableGauge(name, observe, unit, description);

    private Histogram<double> Histogram(string name, string unit, string description, double[] buckets) =>
        _meter.CreateHistogram(name, unit, description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });

    public static TagList Tags(string k1, string v1) => new() { { k1, v1 } };

    public static TagList Tags(string k1, string v1, string k2, string v2) => new() { { k1, v1 }, { k2, v2 } };

    public static TagList Tags(string k1, string v1, string k2, string v2, string k3, string v3) => new() { { k1, v1 }, { k2, v2 }, { k3, v3 } };

    public void Dispose() => _meter.Dispose();
}
