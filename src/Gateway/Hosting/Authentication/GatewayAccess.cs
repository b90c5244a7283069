namespace Gateway.Hosting.Authentication;

/// <summary>
/// Endpoint metadata saying who may call an endpoint, put on route groups (<c>RequireGatewayAccess</c>), so every
/// spelling of a path that routes to an endpoint carries its rule and no path check is involved. Endpoints without
/// it are public (health probes, metrics, the console's own sign-in). <see cref="GatewayAccessMiddleware"/> enforces it.
/// </summary>
internal sealed class GatewayAccess
{
    private GatewayAccess(GatewayAccessKind kind) => Kind = kind;

    /// <summary><c>/v1</c>: a client key when any is configured or managed, else open (decided per request).</summary>
    public static GatewayAccess V1 { get; } = new(GatewayAccessKind.V1);

    /// <summary>A client key, always (the owners' provider API).</summary>
    public static GatewayAccess Client { get; } = new(GatewayAccessKind.Client);

    /// <summary>The admin key (<c>/admin</c>).</summary>
    public static GatewayAccess Admin { get; } = new(GatewayAccessKind.Admin);

    public GatewayAccessKind Kind { get; }
}
