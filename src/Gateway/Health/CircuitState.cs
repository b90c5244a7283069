namespace Gateway.Health;

/// <summary>A provider's circuit: closed (normal), open (skipped until a time), half-open (one probe at a time).</summary>
public enum CircuitState
{
    /// <summary>Normal traffic.</summary>
    Closed,

    /// <summary>Skipped until the cooldown ends.</summary>
    Open,

    /// <summary>One probe request at a time; success closes it, failure reopens it with a longer cooldown.</summary>
    HalfOpen,
}
