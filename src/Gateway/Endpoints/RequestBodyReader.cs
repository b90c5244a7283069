using Gateway.Buffers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>Reads a request body once into a pooled buffer, enforcing the size cap as it reads.</summary>
internal static class RequestBodyReader
{
    /// <summary>
    /// First buffer size. The buffer grows (doubling, through the pool) with the bytes that actually arrive, never
    /// with what Content-Length declares: a client that declares 4 MB and sends a few bytes holds 16 KiB, not 4 MiB.
    /// </summary>
    public const int InitialCapacity = 16 * 1024;

    private const int ReadSize = 4096;

    /// <summary>Every request body buffer alive (being read or forwarded).</summary>
    public static BufferAccount Buffers { get; } = new();

    /// <summary>The body, or null with <paramref name="status"/> 413 (too large) or another 4xx (unreadable, too slow).</summary>
    /// <remarks>A ValueTask: a small body is usually in Kestrel's buffer already, and then no task is allocated.</remarks>
    public static async ValueTask<(PooledBuffer? Body, int Status)> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        // Kestrel never hands over more than a declared Content-Length, so it bounds the buffer; a chunked body is
        // bounded by the limit, and one byte more than the limit (read into a scratch byte) means 413.
        var bound = (int)Math.Min(request.ContentLength ?? limit, Array.MaxLength);
        var body = new PooledBuffer(Math.Min(bound, InitialCapacity), Buffers);
        var aborted = request.HttpContext.RequestAborted;
        try
        {
            while (body.Length < bound)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(Math.Min(ReadSize, bound - body.Length), bound), aborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return (body, StatusCodes.Status200OK);
                }

                body.Advance(read);
            }

            if (request.ContentLength is null && await request.Body.ReadAsync(new byte[1], aborted).ConfigureAwait(false) > 0)
            {
                body.Dispose();
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            return (body, StatusCodes.Status200OK);
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
