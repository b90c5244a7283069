namespace Gateway.Telemetry;

/// <summary>
/// What the access log, the request metrics and the request span say about one request, filled in by whoever
/// learns it (the proxy endpoint: model, provider, attempts, tokens). Kept as an HttpContext feature.
/// </summary>
internal sealed class RequestRecord
{
    public string? Model { get; set; }

    public string? Provider { get; set; }

    public int Attempts { get; set; }

    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }
}
