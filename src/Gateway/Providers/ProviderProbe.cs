using Gateway.Outbound;

namespace Gateway.Providers;

/// <summary>
/// One provider's connectivity and key check with its cheapest request (the model list: no tokens spent), bounded at
/// 10 seconds: its status, an error class and the latency, never the key. Used by <c>/admin/providers/{name}/test</c>
/// and the console's test button.
/// </summary>
internal sealed class ProviderProbe(UpstreamClients clients, TimeProvider time)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>The result; <c>ErrorClass</c> is <c>ok</c>, <c>authentication</c>, <c>not_found</c>, <c>rate_limited</c>, <c>server_error</c>, <c>client_error</c>, <c>timeout</c>, <c>connect</c> or <c>refused_by_policy</c> (the outbound rule refused the destination: no address or port is told).</summary>
    public async Task<(int? Status, string ErrorClass, TimeSpan Latency)> RunAsync(Provider provider, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            // On the injected clock, not the system timer: a test moves it on instead of waiting ten seconds.
            using var limit = new CancellationTokenSource(Limit, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            using var request = provider.Adapter.CreateRequest(UpstreamOperation.Models, "");
            using var response = await clients.For(provider.Options).SendAsync(request, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return (status, status switch
            {
                >= 200 and < 300 => "ok",
                401 or 403 => "authentication",
                404 => "not_found",
                429 => "rate_limited",
                >= 500 => "server_error",
                _ => "client_error",
            }, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "timeout", time.GetElapsedTime(started));
        }
        catch (HttpRequestException e) when (OutboundRefusedException.IsIn(e))
        {
            return (null, "refused_by_policy", time.GetElapsedTime(started));
        }
        catch (HttpRequestException)
        {
            return (null, "connect", time.GetElapsedTime(started));
        }
    }
}
