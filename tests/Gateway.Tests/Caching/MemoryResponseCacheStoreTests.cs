using Gateway.Caching;
using Gateway.Configuration;
using Xunit;

namespace Gateway.Tests.Caching;

public sealed class MemoryResponseCacheStoreTests
{
    [Fact]
    public async Task SetAsync_PastTheByteBound_RemovesTheLeastRecentlyUsedFirst()
    {
        var one = Entry(1000);
        var (store, _) = CreateSut(maxBytes: (one.Size * 3) + 10);
        await store.SetAsync("a", Entry(1000));
        await store.SetAsync("b", Entry(1000));
        await store.SetAsync("c", Entry(1000));
        Assert.NotNull(await store.GetAsync("a")); // a is now the most recently used; b the least

        await store.SetAsync("d", Entry(1000));

        Assert.Null(await store.GetAsync("b"));
        Assert.NotNull(await store.GetAsync("a"));
        Assert.NotNull(await store.GetAsync("c"));
        Assert.NotNull(await store.GetAsync("d"));
        Assert.Equal(3, store.Count);
        Assert.True(store.Bytes <= (one.Size * 3) + 10);
    }

    [Fact]
    public async Task SetAsync_OneLargeEntry_MakesRoomByBytesNotByCount()
    {
        var small = Entry(100);
        var (store, _) = CreateSut(maxBytes: 4000);
        for (var i = 0; i < 10; i++)
        {
            await store.SetAsync("small" + i, Entry(100));
        }

        await store.SetAsync("large", Entry(3000));

        Assert.NotNull(await store.GetAsync("large"));
        Assert.True(store.Bytes <= 4000, $"{store.Bytes} bytes held");
        Assert.InRange(store.Count, 2, 1 + (int)((4000 - Entry(3000).Size) / small.Size));
        Assert.Null(await store.GetAsync("small0"));
        Assert.NotNull(await store.GetAsync("small9"));
    }

    [Fact]
    public async Task SetAsync_EntryLargerThanTheBound_IsNotKeptAndEvictsNothing()
    {
        var (store, _) = CreateSut(maxBytes: 2000);
        await store.SetAsync("a", Entry(100));

        await store.SetAsync("huge", Entry(5000));

        Assert.Null(await store.GetAsync("huge"));
        Assert.NotNull(await store.GetAsync("a"));
    }

    [Fact]
    public async Task SetAsync_SameKeyAgain_ReplacesAndCountsBytesOnce()
    {
        var (store, _) = CreateSut(maxBytes: 100_000);
        await store.SetAsync("a", Entry(1000));
        await store.SetAsync("a", Entry(2000));

        Assert.Equal(1, store.Count);
        Assert.Equal(Entry(2000).Size, store.Bytes);
        Assert.Equal(2000, (await store.GetAsync("a"))!.Body.Length);
    }

    [Fact]
    public async Task GetAsync_AfterTheTimeToLive_IsAMissAndFreesTheBytes()
    {
        var (store, clock) = CreateSut(maxBytes: 100_000);
        await store.SetAsync("a", Entry(1000));

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await store.GetAsync("a"));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await store.GetAsync("a"));
        Assert.Equal(0, store.Bytes);
    }

    private static CachedResponse Entry(int bytes) => new("application/json", "m", false, 1, 2, 3, new byte[bytes], [], []);

    private static (MemoryResponseCacheStore, ManualTimeProvider) CreateSut(long maxBytes)
    {
        var clock = new ManualTimeProvider();
        return (new MemoryResponseCacheStore(new CacheOptions { MaxBytes = maxBytes, TimeToLive = TimeSpan.FromHours(1) }, clock), clock);
    }
}
