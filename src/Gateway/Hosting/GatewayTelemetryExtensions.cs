using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gateway.Hosting;

/// <summary>Metrics and traces: the meter, the gauges, /metrics (here or on a port of its own) and the OpenTelemetry SDK.</summary>
internal static class GatewayTelemetryExtensions
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void AddGatewayTelemetry(this WebApplicationBuilder builder, GatewayOptions options)
    {
        var services = builder.Services;
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GatewayGauges>();
        if (options.Metrics.Enabled)
        {
            services.AddSingleton<MetricsEndpoint>();
            if (options.Metrics.Port > 0)
            {
                services.AddSingleton<MetricsListener>();
                services.AddHostedService(sp => sp.GetRequiredService<MetricsListener>());
            }
        }

        // ASP.NET Core starts an activity for every request as soon as its hosting logger is on at any level (to put
        // trace ids in log scopes): an Activity, its ids, an async-local change and then the HTTP client's child span,
        // about 1.7 KB and a few microseconds per request, while nothing here logs per request through it or exports
        // traces. Off unless the configuration names that category; with OTLP on, the listeners start spans anyway, and
        // a client's traceparent reaches providers either way (ClientTraceParent).
        if (builder.Configuration[$"Logging:LogLevel:{HostingDiagnostics}"] is null)
        {
            builder.Logging.AddFilter(HostingDiagnostics, LogLevel.None);
        }

        // The OpenTelemetry SDK, started with the host (before the first request): metrics when /metrics is on or OTLP
        // is configured; spans only with OTLP, since without a listener starting a span costs a null check.
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Metrics.Enabled && !otlp)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry();
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayMetrics.MeterName);

            // This host's meter only: tests (and any process hosting several gateways) have more than one meter of that name.
            ((IDeferredMeterProviderBuilder)metrics).Configure((sp, b) =>
            {
                var own = sp.GetRequiredService<GatewayMetrics>().Meter;
                b.AddView(instrument => ReferenceEquals(instrument.Meter, own) ? null : MetricStreamConfiguration.Drop);
            });
            if (options.Metrics.Enabled)
            {
                metrics.AddPrometheusExporter(prometheus =>
                {
                    // Every scrape sees the measurements so far; the series keep the labels the gateway gives them
                    // (no otel_scope_* labels); target_info carries the resource (service.name, ...).
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    prometheus.ScopeInfoEnabled = false;
                });
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(GatewayActivitySource.Name).AddOtlpExporter());
        }
    }

    /// <summary>
    /// Maps <c>/metrics</c> on the API listener when metrics are on and no metrics port is set; with a port,
    /// <see cref="MetricsListener"/> serves it there and the API listener answers 404.
    /// </summary>
    public static void MapGatewayMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>();
        if (options.Metrics.Port == 0 && app.Services.GetService<MetricsEndpoint>() is { } metrics)
        {
            app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: metrics.Guard, optionsName: null)
                .WithMetadata(Unmeasured.Instance);
        }
    }
}
