namespace Gateway.WebConsole;

/// <summary>A client key as the Keys page shows it: its display prefix only, never the key or its hash.</summary>
internal sealed record ConsoleKeyView(
    string Id,
    string Prefix,
    string Owner,
    string? Label,
    IReadOnlyList<string> Models,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
