namespace Gateway.WebConsole;

/// <summary>
/// Turns a presented key into a console identity, or null when it is no admin key and no client key with an owner.
/// Hosting supplies it (from the gateway's key handler), so the console does not depend on Hosting.
/// </summary>
internal delegate ConsoleIdentity? ConsoleKeyCheck(string presentedKey);
