namespace Gateway.WebConsole;

/// <summary>The outcome of a form, shown once on the page it redirects to.</summary>
internal sealed record ConsoleFlash(bool Ok, string Message);
