using System.Buffers;
using System.Runtime.CompilerServices;

namespace Gateway.Forwarding;

/// <summary>
/// Reads the next chunk of an upstream body the way YARP's <c>StreamCopier</c> does: a zero-byte read first, which
/// waits for data without holding a buffer, then a pooled buffer for the read that follows. A slow stream thus holds
/// no copy buffer while it is idle (the dominant case with thousands of open streams). Streams that do not support
/// zero-byte reads answer them at once, and the read that follows waits as before.
/// </summary>
internal static class ChunkReader
{
    /// <summary>The rented buffer (the caller returns it to the shared pool) and the bytes read into it (0: the end).</summary>
    /// <remarks>Called once per chunk and usually suspended: its state machine is pooled rather than allocated each time.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(byte[] Buffer, int Read)> ReadAsync(Stream body, int size, CancellationToken cancellationToken)
    {
        await body.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            return (buffer, await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
