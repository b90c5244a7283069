namespace Gateway.WebConsole;

/// <summary>
/// One signed-in browser: a random id (the cookie's value), the identity, the CSRF token its forms carry, and when it
/// was last used (for the idle expiry). Lives only in the server's memory.
/// </summary>
internal sealed class ConsoleSession(string id, ConsoleIdentity identity, string csrfToken, DateTimeOffset lastSeen)
{
    public string Id => id;

    public ConsoleIdentity Identity => identity;

    public string CsrfToken => csrfToken;

    /// <summary>Written under the store's lock only.</summary>
    public DateTimeOffset LastSeen { get; set; } = lastSeen;

    /// <summary>A message for the next page (the outcome of the last form), shown once.</summary>
    public ConsoleFlash? Flash { get; set; }

    /// <summary>The provider-manager scope: every owner for the admin, else the owner.</summary>
    public string Scope => identity.IsAdmin ? ManagedProviders.ProviderManager.AnyOwner : identity.Owner!;
}
