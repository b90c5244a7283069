namespace Gateway.WebConsole;

/// <summary>
/// Whether the key a session was opened with still makes its holder <paramref name="identity"/>: not revoked, not
/// expired, not rotated past its grace, still the admin key. Asked on every request of the session; Hosting supplies it
/// (the gateway's key handler, by the key's SHA-256), as it supplies <see cref="ConsoleKeyCheck"/>.
/// </summary>
internal delegate bool ConsoleIdentityCheck(ConsoleIdentity identity);
