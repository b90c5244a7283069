namespace Gateway.Buffers;

/// <summary>
/// Counts the pooled buffers of one kind and the bytes they hold, so memory held per slow client is observable
/// (the <c>gateway_request_body_buffer_bytes</c> gauge, and the tests).
/// </summary>
internal sealed class BufferAccount
{
    private long _bytes;
    private long _buffers;

    /// <summary>Bytes of the arrays currently rented.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Buffers currently holding an array.</summary>
    public long Buffers => Interlocked.Read(ref _buffers);

    public void Rented(int length, bool replacing)
    {
        Interlocked.Add(ref _bytes, length);
        if (!replacing)
        {
            Interlocked.Increment(ref _buffers);
        }
    }

    public void Returned(int length, bool replaced)
    {
        Interlocked.Add(ref _bytes, -length);
        if (!replaced)
        {
            Interlocked.Decrement(ref _buffers);
        }
    }
}
