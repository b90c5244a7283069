namespace Gateway.Hosting.Authentication;

/// <summary>What a presented key makes its holder.</summary>
internal enum GatewayRole
{
    None,
    Client,
    Admin,
}
