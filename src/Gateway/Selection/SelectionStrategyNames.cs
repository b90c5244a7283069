namespace Gateway.Selection;

/// <summary>The names of the built-in strategies (what <c>Gateway:Rotation</c> accepts is what Hosting/GatewayRegistrations registers).</summary>
public static class SelectionStrategyNames
{
    /// <summary>Rotate through the candidates, each in turn (scaled by health). The default.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>Random order, healthier providers more likely first.</summary>
    public const string Random = "random";

    /// <summary>Random order in proportion to weight times health.</summary>
    public const string Weighted = "weighted";

    /// <summary>Lowest priority number first, then the highest weight times health.</summary>
    public const string Failover = "failover";

    /// <summary>Another name for <see cref="Failover"/>.</summary>
    public const string Priority = "priority";

    /// <summary>The cheapest candidate for the request first (price table times cost multiplier), ties by weight.</summary>
    public const string Cost = "cost";

    /// <summary>The fastest candidate first (recent time to first token for streams, latency otherwise), with a small exploration share.</summary>
    public const string Latency = "latency";
}
