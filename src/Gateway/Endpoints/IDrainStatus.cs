namespace Gateway.Endpoints;

/// <summary>Whether the gateway is shutting down, and how many requests it is still finishing (for <c>/readyz</c>).</summary>
internal interface IDrainStatus
{
    bool Draining { get; }

    int InFlight { get; }
}
