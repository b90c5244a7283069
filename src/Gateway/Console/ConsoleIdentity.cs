namespace Gateway.WebConsole;

/// <summary>
/// Who signed in to the console: the admin (every page, every owner's providers) or a client key's owner (its own
/// providers, their health and usage). Only the key's id (a hash prefix) is kept, never the key.
/// </summary>
internal sealed record ConsoleIdentity(bool IsAdmin, string? Owner, string KeyId)
{
    /// <summary>What the page header says: <c>admin</c> or <c>owner alice</c>.</summary>
    public string Display => IsAdmin ? "admin" : $"owner {Owner}";
}
