namespace Gateway.WebConsole;

/// <summary>What an endpoint of the console needs from its caller.</summary>
internal enum ConsoleAccess
{
    /// <summary>Any signed-in session; a change is a POST with the session's CSRF token.</summary>
    Session,

    /// <summary>The admin only: a client-key session gets 403.</summary>
    Admin,
}
