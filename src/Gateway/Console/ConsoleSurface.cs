namespace Gateway.WebConsole;

/// <summary>Endpoint metadata marking the console's routes (HTML and its own JSON, not an API surface).</summary>
internal sealed class ConsoleSurface
{
    public static readonly ConsoleSurface Instance = new();

    private ConsoleSurface()
    {
    }
}
