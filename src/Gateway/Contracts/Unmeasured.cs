namespace Gateway.Contracts;

/// <summary>Endpoint metadata: probes and scrapes that get no access-log line and no request metrics.</summary>
internal sealed class Unmeasured
{
    public static readonly Unmeasured Instance = new();
}
