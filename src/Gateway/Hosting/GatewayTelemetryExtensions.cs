using Gateway.Configuration;
using Gateway.Telemetry;
using Gateway.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gateway.Hosting;

/// <summary>Metrics, usage accounting and traces.</summary>
internal static class GatewayTelemetryExtensions
{
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder, GatewayOptions options)
    {
        var services = builder.Services;
        services.AddSingleton<GatewayMetrics>();
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
                AddMetricsPort(builder, options.Metrics.Port);
            }
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

    /// <summary>Maps <c>/metrics</c> when metrics are on.</summary>
    public static void MapGatewayMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>();
        if (app.Services.GetService<MetricsEndpoint>() is { } metrics)
        {
            var scrape = app.MapGet("/metrics", metrics.GetAsync);
            if (options.Metrics.Port > 0)
            {
                scrape.RequireHost($"*:{options.Metrics.Port}");
            }
        }
    }

    /// <summary>Listens on the metrics port as well as wherever the gateway already listens.</summary>
    private static void AddMetricsPort(WebApplicationBuilder builder, int port)
    {
        var metricsUrl = $"http://*:{port}";
        var urls = builder.Configuration["urls"];
        var httpPorts = builder.Configuration["http_ports"];
        if (string.IsNullOrEmpty(urls) && !string.IsNullOrEmpty(httpPorts))
        {
            builder.WebHost.UseSetting("http_ports", httpPorts + ";" + port);
            return;
        }

        builder.WebHost.UseUrls((string.IsNullOrEmpty(urls) ? GatewayServiceCollectionExtensions.DefaultUrl : urls) + ";" + metricsUrl);
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
