namespace Gateway.Contracts;

/// <summary>Endpoint metadata: new requests get 503 once the gateway is shutting down (the API, not probes or the admin API).</summary>
internal sealed class RefusedWhileDraining
{
    public static readonly RefusedWhileDraining Instance = new();
}
