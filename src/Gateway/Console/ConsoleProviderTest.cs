using Gateway.Providers;

namespace Gateway.WebConsole;

/// <summary>
/// The provider connectivity test, run in-process the way <c>/admin/providers/{name}/test</c> runs it: the provider's
/// cheapest request (its model list, no tokens spent) through the live catalog's adapter, with a 10-second limit.
/// Answers a status and an error class; never the key.
/// </summary>
internal sealed class ConsoleProviderTest(ILiveCatalog live, HttpMessageInvoker client, TimeProvider time)
{
    public async Task<ConsoleFlash> RunAsync(string routingName, CancellationToken cancellationToken)
    {
        if (live.Catalog.Find(routingName) is not { } provider)
        {
            return new ConsoleFlash(false, $"Test {routingName}: the provider is switched off or not in routing.");
        }

        var started = time.GetTimestamp();
        string outcome;
        var ok = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var request = provider.Adapter.CreateRequest(UpstreamOperation.Models, "");
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            ok = status is >= 200 and < 300;
            outcome = (ok ? "ok" : status switch
            {
                401 or 403 => "authentication failed",
                404 => "not found",
                429 => "rate limited",
                >= 500 => "server error",
                _ => "client error",
            }) + $" (HTTP {status})";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = "timed out";
        }
        catch (HttpRequestException)
        {
            outcome = "could not connect";
        }

        var ms = time.GetElapsedTime(started).TotalMilliseconds;
        return new ConsoleFlash(ok, $"Test {provider.Name}: {outcome} in {ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms.");
    }
}
