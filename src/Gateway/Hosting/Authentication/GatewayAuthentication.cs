namespace Gateway.Hosting.Authentication;

/// <summary>The gateway's authentication scheme, roles and authorization policies.</summary>
internal static class GatewayAuthentication
{
    public const string Scheme = "GatewayKey";

    /// <summary><c>/v1</c>: a client key (required only when client keys are configured).</summary>
    public const string ClientPolicy = "gateway-client";

    /// <summary><c>/admin</c>: the admin key.</summary>
    public const string AdminPolicy = "gateway-admin";

    public const string ClientRole = "client";

    public const string AdminRole = "admin";
}
