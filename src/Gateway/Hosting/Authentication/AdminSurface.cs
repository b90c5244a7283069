namespace Gateway.Hosting.Authentication;

/// <summary>Endpoint metadata of the admin API, so a challenge there speaks of the admin key.</summary>
internal sealed class AdminSurface
{
    public static readonly AdminSurface Instance = new();
}
