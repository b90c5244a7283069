using Gateway.Buffers;

namespace Gateway.Tests.Buffers;

public sealed class PooledBufferTests
{
    [Fact]
    public void GetMemory_Growing_DoublesUpToTheMaximumAndKeepsTheBytes()
    {
        var account = new BufferAccount();
        using var buffer = new PooledBuffer(16 * 1024, account);
        buffer.Append(new byte[16 * 1024 - 10]);
        buffer.Array[0] = 42;

        buffer.GetMemory(4096, maxCapacity: 20_000);

        Assert.Equal(32 * 1024, buffer.Capacity); // the pool rounds 20 000 up to its 32 KiB bucket
        Assert.Equal(42, buffer.Span[0]);
        Assert.Equal((32 * 1024, 1), (account.Bytes, account.Buffers));
    }

    [Fact]
    public void Dispose_Twice_AccountsForTheBufferOnce()
    {
        var account = new BufferAccount();
        var buffer = new PooledBuffer(0, account);
        buffer.Append(new byte[100]);

        buffer.Dispose();
        buffer.Dispose();

        Assert.Equal((0, 0), (account.Bytes, account.Buffers));
    }
}
