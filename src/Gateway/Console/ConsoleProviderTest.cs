using Gateway.Providers;

namespace Gateway.WebConsole;

/// <summary>
/// The provider connectivity test, the same <see cref="ProviderProbe"/> as <c>/admin/providers/{name}/test</c>, worded
/// for the page. Answers a status and an error class; never the key.
/// </summary>
internal sealed class ConsoleProviderTest(ILiveCatalog live, ProviderProbe probe)
{
    public async Task<ConsoleFlash> RunAsync(string routingName, CancellationToken cancellationToken)
    {
        if (live.Catalog.Find(routingName) is not { } provider)
        {
            return new ConsoleFlash(false, $"Test {routingName}: the provider is switched off or not in routing.");
        }

        var (status, errorClass, latency) = await probe.RunAsync(provider, cancellationToken).ConfigureAwait(false);
        var ok = errorClass == "ok";
        var outcome = errorClass switch
        {
            "ok" => "ok",
            "authentication" => "authentication failed",
            "not_found" => "not found",
            "rate_limited" => "rate limited",
            "server_error" => "server error",
            "client_error" => "client error",
            "timeout" => "timed out",
            "refused_by_policy" => "refused by policy (this provider may reach public addresses only)",
            _ => "could not connect",
        } + (status is { } code ? $" (HTTP {code})" : "");
        var ms = latency.TotalMilliseconds;
        return new ConsoleFlash(ok, $"Test {provider.Name}: {outcome} in {ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms.");
    }
}
