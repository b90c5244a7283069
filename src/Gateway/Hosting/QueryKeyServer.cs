using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>
/// The web server (Kestrel) with one step before the host sees each request: <see cref="QueryKeyStripper"/>. The host
/// logs a request's URL (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, when an operator turns it on) and starts its
/// activity as it creates the request's context, before any middleware runs, so a key in the query string has to be
/// gone by then.
/// </summary>
internal sealed class QueryKeyServer(IServer inner) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
        inner.StartAsync(new Application<TContext>(application), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the server registered so far (Kestrel) in this one; nothing to do where none is registered.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (registered is null || registered.ImplementationType == typeof(QueryKeyServer))
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<IServer>(sp => new QueryKeyServer(registered switch
        {
            { ImplementationInstance: IServer instance } => instance,
            { ImplementationFactory: { } factory } => (IServer)factory(sp),
            _ => (IServer)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }));
    }

    private sealed class Application<TContext>(IHttpApplication<TContext> inner) : IHttpApplication<TContext> where TContext : notnull
    {
        public TContext CreateContext(IFeatureCollection contextFeatures)
        {
            QueryKeyStripper.Strip(contextFeatures);
            return inner.CreateContext(contextFeatures);
        }

        public Task ProcessRequestAsync(TContext context) => inner.ProcessRequestAsync(context);

        public void DisposeContext(TContext context, Exception? exception) => inner.DisposeContext(context, exception);
    }
}
