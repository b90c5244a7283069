using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// <c>Gateway:Console:Port</c>: a separate Kestrel server that serves <c>/console</c> and nothing else (see
/// <see cref="SideListener"/>), so the console can stay off the public ingress (the API port then answers 404 there).
/// The console's pages are the gateway's own singletons; only routing is this host's.
/// </summary>
internal sealed partial class ConsoleListener(IServer apiServer, GatewayOptions options, IServiceProvider gateway, ILoggerFactory loggerFactory)
    : SideListener(apiServer, options, loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Gateway.Console");

    protected override string? Host => Options.Console.Host;

    protected override int Port => Options.Console.Port;

    /// <summary>The console's forms are small; a larger body is refused by Kestrel.</summary>
    protected override long MaxRequestBodyBytes => 1024 * 1024;

    protected override void ConfigureServices(IServiceCollection services) => services.AddRouting();

    protected override void Configure(WebApplication app)
    {
        app.UseRouting();
        app.Use(NotFoundUnlessRouted);
        ConsoleRoutes.Map(app, gateway);
    }

    protected override void Listening(string addresses) => Log.Listening(_logger, addresses);

    /// <summary>Anything but the console's routes (the API, <c>/metrics</c>, health probes) is a 404 here.</summary>
    private static Task NotFoundUnlessRouted(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is not null)
        {
            return next(context);
        }

        ConsoleHeaders.Apply(context.Response);
        return ConsoleHtml.ErrorAsync(context, 404, "This port serves only the console, under " + ConsoleRoutes.Root + ".");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ConsoleListening, Level = LogLevel.Information, Message = "Console listening on {Addresses} (serving only /console)")]
        public static partial void Listening(ILogger logger, string addresses);
    }
}
