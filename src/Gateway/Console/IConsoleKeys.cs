namespace Gateway.WebConsole;

/// <summary>
/// What the Keys page needs from managed client keys (issue 13): list, create (the secret returned once) and revoke.
/// <see cref="UnavailableConsoleKeys"/> stands in until a key service is registered; wiring one is one line in the
/// console's registration.
/// </summary>
internal interface IConsoleKeys
{
    /// <summary>False: the page explains that client key management is not available in this build.</summary>
    bool Available { get; }

    Task<IReadOnlyList<ConsoleKeyView>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates a key; answers its secret (shown once, never stored readable) or an error message.</summary>
    Task<(string? Secret, string? Error)> CreateAsync(string owner, string? label, IReadOnlyList<string> models, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken);

    Task<string?> RevokeAsync(string id, string actor, CancellationToken cancellationToken);
}
