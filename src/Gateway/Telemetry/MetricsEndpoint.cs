using Gateway.Configuration;
using Gateway.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Telemetry;

/// <summary>
/// What stands before OpenTelemetry's Prometheus exporter on <c>/metrics</c> (either listener): GET and HEAD only, and
/// the scrape token when one is configured. The exposition itself is the exporter's.
/// </summary>
internal sealed class MetricsEndpoint(GatewayOptions options)
{
    private readonly MetricsAccess _access = new(options.Metrics);

    /// <summary>Whether a scrape needs <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public bool TokenRequired => _access.TokenRequired;

    /// <summary>Adds the checks to the exporter's branch of the pipeline.</summary>
    public void Guard(IApplicationBuilder branch) => branch.Use(next => context => CheckAsync(context, next));

    private Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return OpenAIError.WriteAsync(context, 405, $"Method {LogText.Safe(request.Method, 20)} is not allowed on /metrics.", ErrorTypes.InvalidRequest, "method_not_allowed");
        }

        if (!_access.Allows(request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            return OpenAIError.WriteAsync(context, 401, "Scraping /metrics needs 'Authorization: Bearer <metrics token>'.", ErrorTypes.Authentication, "invalid_metrics_token");
        }

        return next(context);
    }
}
