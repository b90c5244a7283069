namespace Gateway.Hosting.Authentication;

/// <summary>The authentication type of the gateway's identities and their roles.</summary>
internal static class GatewayAuthentication
{
    public const string Scheme = "GatewayKey";

    public const string ClientRole = "client";

    public const string AdminRole = "admin";
}
