using Microsoft.AspNetCore.Http;

namespace Gateway.Caching;

/// <summary>
/// Answers a hit: a whole answer byte for byte with its length; a stream chunk by chunk as it was written, each gap
/// times <see cref="Configuration.CacheOptions.ReplayPace"/> on the injected clock (0: back to back), flushed after each.
/// </summary>
internal static class CacheReplay
{
    public static async Task WriteAsync(HttpContext context, CachedResponse entry, double pace, TimeProvider time)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = entry.ContentType;
        response.Headers[CachePolicy.Header] = "hit";
        response.Headers["x-gateway-provider"] = ResponseCache.Provider;
        if (entry.Model.Length > 0)
        {
            response.Headers["x-gateway-model"] = entry.Model;
        }

        response.Headers["x-gateway-attempts"] = "0";
        var cancel = context.RequestAborted;
        try
        {
            if (!entry.Stream)
            {
                response.ContentLength = entry.Body.Length;
                await response.Body.WriteAsync(entry.Body, cancel).ConfigureAwait(false);
                return;
            }

            response.Headers.CacheControl = "no-cache";
            var start = 0;
            for (var i = 0; i < entry.Ends.Length; i++)
            {
                if (pace > 0 && entry.Gaps[i] > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(entry.Gaps[i] * pace), time, cancel).ConfigureAwait(false);
                }

                await response.Body.WriteAsync(entry.Body.AsMemory(start, entry.Ends[i] - start), cancel).ConfigureAwait(false);
                await response.Body.FlushAsync(cancel).ConfigureAwait(false);
                start = entry.Ends[i];
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && cancel.IsCancellationRequested)
        {
            // The client left: nothing more to send.
        }

    }
}
