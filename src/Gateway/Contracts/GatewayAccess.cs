namespace Gateway.Contracts;

/// <summary>
/// Endpoint metadata saying who may call an endpoint, put on route groups (<c>RequireGatewayAccess</c>), so every
/// spelling of a path that routes to an endpoint carries its rule and no path check is involved. Endpoints without
/// it are public (health probes, metrics, the console's own sign-in). Hosting's <c>GatewayAccessMiddleware</c> enforces it.
/// </summary>
internal sealed class GatewayAccess
{
    private GatewayAccess(GatewayAccessKind kind, bool googleKeys = false) => (Kind, GoogleKeys) = (kind, googleKeys);

    /// <summary><c>/v1</c>: a client key when any is configured or managed, else open (decided per request).</summary>
    public static GatewayAccess V1 { get; } = new(GatewayAccessKind.V1);

    /// <summary>
    /// <c>/v1beta</c>, Google's surface: the <c>/v1</c> rule, with the key also taken where Google's clients put it,
    /// <c>x-goog-api-key</c> or <c>?key=</c> (taken out of the query before anything logs it: <c>QueryKeyServer</c>).
    /// </summary>
    public static GatewayAccess Gemini { get; } = new(GatewayAccessKind.V1, googleKeys: true);

    /// <summary>A client key, always (the owners' provider API).</summary>
    public static GatewayAccess Client { get; } = new(GatewayAccessKind.Client);

    /// <summary>The admin key (<c>/admin</c>).</summary>
    public static GatewayAccess Admin { get; } = new(GatewayAccessKind.Admin);

    public GatewayAccessKind Kind { get; }

    /// <summary>Whether Google's key locations count (<see cref="Gemini"/>).</summary>
    public bool GoogleKeys { get; }
}
