namespace Gateway.FakeUpstream;

/// <summary>What the fake received: enough to assert what the gateway sent upstream.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, string? Model, bool Stream);
