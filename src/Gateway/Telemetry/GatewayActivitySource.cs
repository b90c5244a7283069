using System.Diagnostics;

namespace Gateway.Telemetry;

/// <summary>The gateway's spans: one per request and one per upstream attempt. Without a listener (no OTLP endpoint) they cost nothing.</summary>
internal static class GatewayActivitySource
{
    public const string Name = "Gateway";

    public static readonly ActivitySource Source = new(Name);
}
