namespace Gateway.Hosting.Authentication;

/// <summary>The gateway's authentication scheme, roles and authorization policies.</summary>
internal static class GatewayAuthentication
{
    public const string Scheme = "GatewayKey";

    /// <summary>A client key, always (the owners' provider API).</summary>
    public const string ClientPolicy = "gateway-client";

    /// <summary><c>/v1</c>: a client key when any is configured or managed, else open (<see cref="ClientKeyRequirement"/>).</summary>
    public const string V1Policy = "gateway-v1";

    /// <summary><c>/admin</c>: the admin key.</summary>
    public const string AdminPolicy = "gateway-admin";

    public const string ClientRole = "client";

    public const string AdminRole = "admin";
}
