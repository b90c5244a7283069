namespace Gateway.Hosting;

/// <summary>
/// <c>dotnet Gateway.dll healthcheck [url]</c>: exits 0 when <c>/healthz</c> answers 200. For the Docker
/// HEALTHCHECK, since the runtime image has no curl.
/// </summary>
public static class HealthCheckCommand
{
    public static bool Matches(string[] args) => args is ["healthcheck", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:" + (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split(';', ',')[0] ?? "8080") + "/healthz";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri(url)).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {url}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
