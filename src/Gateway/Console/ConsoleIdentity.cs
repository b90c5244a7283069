namespace Gateway.WebConsole;

/// <summary>
/// Who signed in to the console: the admin (every page, every owner's providers) or a client key's owner (its own
/// providers, their health and usage). The key itself is never kept: its id (a hash prefix) and its SHA-256
/// (<paramref name="KeyHash"/>, in server memory only, as the store keeps keys), by which the session is checked against
/// the key's current state on every request (<see cref="ConsoleIdentityCheck"/>).
/// </summary>
internal sealed record ConsoleIdentity(bool IsAdmin, string? Owner, string KeyId, byte[]? KeyHash = null)
{
    /// <summary>What the page header says: <c>admin</c> or <c>owner alice</c>.</summary>
    public string Display => IsAdmin ? "admin" : $"owner {Owner}";
}
