using Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>Reads a request body once into a pooled buffer, enforcing the size cap as it reads.</summary>
internal static class RequestBodyReader
{
    /// <summary>The body, or null with <paramref name="status"/> 413 (too large) or 400 (unreadable).</summary>
    public static async Task<(PooledBuffer? Body, int Status)> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        var body = new PooledBuffer((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(4096), request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return (body, StatusCodes.Status200OK);
                }

                body.Advance(read);
                if (body.Length > limit)
                {
                    body.Dispose();
                    return (null, StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            body.Dispose();
            return (null, e.StatusCode);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
