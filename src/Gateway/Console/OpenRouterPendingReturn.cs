namespace Gateway.WebConsole;

/// <summary>
/// A Connect OpenRouter that left for OpenRouter's page and has not come back: the SHA-256 of the browser's binding
/// cookie (never the value), the session and owner that started it, who to name in the audit line, and until when it may return.
/// </summary>
internal sealed record OpenRouterPendingReturn(byte[] BindingHash, string SessionId, string Owner, string Actor, DateTimeOffset ExpiresAt);
