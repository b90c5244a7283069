using Gateway.Configuration;
using Gateway.Telemetry;
using Gateway.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gateway.Hosting;

/// <summary>Metrics, usage accounting and traces.</summary>
internal static class GatewayTelemetryExtensions
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void AddGatewayTelemetry(this WebApplicationBuilder builder, GatewayOptions options)
    {
        var services = builder.Services;
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GatewayGauges>();
        services.AddSingleton<PriceTable>();
        services.AddSingleton<UsageTracker>();
        services.AddSingleton<UsageRecorder>();
        if (options.Metrics.Enabled)
        {
            // Created before the first request so no measurement is missed.
            services.AddSingleton(sp => new PrometheusCollector(sp.GetRequiredService<GatewayMetrics>().Meter, GatewayMetrics.LatencyBuckets));
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

        // OTLP export of spans and metrics only when an endpoint is configured; otherwise no listener exists and
        // starting a span costs a null check.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
                .AddSource(GatewayActivitySource.Name)
                .AddOtlpExporter()
                .Build());
            services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
                .AddMeter(GatewayMetrics.MeterName)
                .AddOtlpExporter()
                .Build());
            services.AddHostedService<OtlpStarter>();
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
            app.MapGet("/metrics", metrics.GetAsync).WithMetadata(Unmeasured.Instance);
        }
    }

    /// <summary>Resolves the OpenTelemetry providers at start so they begin exporting; the container disposes them at shutdown.</summary>
    private sealed class OtlpStarter(TracerProvider tracer, MeterProvider meters) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracer.ForceFlush(2000);
            meters.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
