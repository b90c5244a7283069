namespace Gateway.Contracts;

/// <summary>The three rules of <see cref="GatewayAccess"/>.</summary>
internal enum GatewayAccessKind
{
    V1,
    Client,
    Admin,
}
