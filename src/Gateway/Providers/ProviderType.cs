namespace Gateway.Providers;

/// <summary>A provider type: which wire protocol it speaks, its default base URL, whether it needs a key.</summary>
internal sealed record ProviderType(string Name, string Protocol, string? DefaultUrl, bool KeyRequired);
