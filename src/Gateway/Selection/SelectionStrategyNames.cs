namespace Gateway.Selection;

/// <summary>The names <c>Gateway:Rotation</c> / <c>AI_ROTATION</c> accepts.</summary>
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

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> All { get; } = [RoundRobin, Random, Weighted, Failover, Priority];
}
