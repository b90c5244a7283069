namespace Gateway.WebConsole;

/// <summary>What the sign-in page tells a first-time user about this gateway's set-up.</summary>
/// <param name="AdminKeyConfigured">Whether an admin key is set; without one only client keys with an owner can sign in.</param>
internal sealed record ConsoleSetup(bool AdminKeyConfigured);
