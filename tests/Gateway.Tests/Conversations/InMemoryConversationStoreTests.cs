using Gateway.Configuration;
using Gateway.Conversations;

namespace Gateway.Tests.Conversations;

public sealed class InMemoryConversationStoreTests
{
    private static StoredResponse Response(string id) => new(id, "owner", "{}"u8.ToArray(), "[]"u8.ToArray());

    [Fact]
    public async Task Get_BeforeAndAfterTheTimeToLive_FindsThenForgets()
    {
        var time = new ManualClock();
        var store = new InMemoryConversationStore(new ResponsesOptions { TimeToLive = TimeSpan.FromMinutes(10) }, time);
        await store.SaveAsync(Response("resp_1"), default);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(await store.GetAsync("resp_1", default));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.GetAsync("resp_1", default));
    }

    [Fact]
    public async Task Save_OverTheCap_DropsTheOldest()
    {
        var store = new InMemoryConversationStore(new ResponsesOptions { MaxStoredInMemory = 2 }, new ManualClock());

        await store.SaveAsync(Response("resp_1"), default);
        await store.SaveAsync(Response("resp_2"), default);
        await store.SaveAsync(Response("resp_3"), default);

        Assert.Null(await store.GetAsync("resp_1", default));
        Assert.NotNull(await store.GetAsync("resp_2", default));
        Assert.NotNull(await store.GetAsync("resp_3", default));
    }

    [Fact]
    public async Task Delete_RemovesOnce()
    {
        var store = new InMemoryConversationStore(new ResponsesOptions(), new ManualClock());
        await store.SaveAsync(Response("resp_1"), default);

        Assert.True(await store.DeleteAsync(Response("resp_1"), default));
        Assert.False(await store.DeleteAsync(Response("resp_1"), default));
        Assert.Null(await store.GetAsync("resp_1", default));
    }

    private static StoredResponse Sized(string id, string owner, int bytes) => new(id, owner, new byte[bytes], "[]"u8.ToArray());

    [Fact]
    public async Task Save_OverTheOwnersBytes_DropsThatOwnersOldestOnly()
    {
        var store = new InMemoryConversationStore(new ResponsesOptions { MaxStoredBytesPerOwner = 3_000, MaxStoredBytes = 100_000 }, new ManualClock());
        await store.SaveAsync(Sized("resp_b1", "bob", 1_000), default);
        await store.SaveAsync(Sized("resp_a1", "alice", 1_000), default);
        await store.SaveAsync(Sized("resp_a2", "alice", 1_000), default);

        await store.SaveAsync(Sized("resp_a3", "alice", 1_000), default);

        Assert.Null(await store.GetAsync("resp_a1", default));
        Assert.NotNull(await store.GetAsync("resp_a2", default));
        Assert.NotNull(await store.GetAsync("resp_a3", default));
        Assert.NotNull(await store.GetAsync("resp_b1", default));
        Assert.True(store.StoredBytes <= 3 * (1_000 + 400), store.StoredBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Save_OverTheTotalBytes_DropsTheOldestOfAnyOwner()
    {
        var store = new InMemoryConversationStore(new ResponsesOptions { MaxStoredBytesPerOwner = 10_000, MaxStoredBytes = 3_000 }, new ManualClock());
        await store.SaveAsync(Sized("resp_b1", "bob", 1_000), default);
        await store.SaveAsync(Sized("resp_a1", "alice", 1_000), default);

        await store.SaveAsync(Sized("resp_c1", "carol", 1_000), default);

        Assert.Null(await store.GetAsync("resp_b1", default));
        Assert.NotNull(await store.GetAsync("resp_a1", default));
        Assert.NotNull(await store.GetAsync("resp_c1", default));
        Assert.True(store.StoredBytes <= 3_000);
    }

    [Fact]
    public async Task Save_LargerThanTheOwnersBytes_IsNotKept_AndEvictsNothing()
    {
        var store = new InMemoryConversationStore(new ResponsesOptions { MaxStoredBytesPerOwner = 2_000 }, new ManualClock());
        await store.SaveAsync(Sized("resp_a1", "alice", 1_000), default);

        await store.SaveAsync(Sized("resp_a2", "alice", 5_000), default);

        Assert.NotNull(await store.GetAsync("resp_a1", default));
        Assert.Null(await store.GetAsync("resp_a2", default));
    }

    [Fact]
    public async Task SweepAndDelete_FreeTheBytes_WithoutARead()
    {
        // The manual clock fires the store's own sweep timer when it passes; a day's interval keeps it out of this test.
        var time = new ManualClock();
        var store = new InMemoryConversationStore(new ResponsesOptions { TimeToLive = TimeSpan.FromMinutes(10), SweepInterval = TimeSpan.FromDays(1) }, time);
        await store.SaveAsync(Sized("resp_1", "alice", 1_000), default);
        time.Advance(TimeSpan.FromMinutes(5));
        await store.SaveAsync(Sized("resp_2", "alice", 1_000), default);
        await store.SaveAsync(Sized("resp_3", "bob", 1_000), default);

        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, store.Sweep());
        Assert.Equal(2, store.Count);
        Assert.True(await store.DeleteAsync(Sized("resp_2", "alice", 1_000), default));
        Assert.Equal(new StoredResponse("resp_3", "bob", new byte[1_000], "[]"u8.ToArray()).Size, store.StoredBytes);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, store.Sweep());
        Assert.Equal(0, store.StoredBytes);
    }

    [Fact]
    public void RedisEncoding_RoundTrips_AndRefusesATruncatedValue()
    {
        var response = new StoredResponse("resp_1", "ow\u00e9ner", """{"id":"resp_1"}"""u8.ToArray(), """[{"role":"user"}]"""u8.ToArray());

        var encoded = RedisConversationStore.Encode(response);
        var decoded = RedisConversationStore.Decode("resp_1", encoded)!;

        Assert.Equal(response.Owner, decoded.Owner);
        Assert.Equal(response.Response, decoded.Response);
        Assert.Equal(response.Messages, decoded.Messages);
        Assert.Null(RedisConversationStore.Decode("resp_1", encoded[..^3]));
    }

    [Fact]
    public void RedisEncoding_KeepsTheProvider_AndReadsAnOlderValueWithoutIt()
    {
        var response = new StoredResponse("resp_1", "owner", """{"id":"resp_1"}"""u8.ToArray(), "[]"u8.ToArray(), KeyId: "key-1", Provider: "openai-eu");

        var decoded = RedisConversationStore.Decode("resp_1", RedisConversationStore.Encode(response))!;
        var older = RedisConversationStore.Decode("resp_1", RedisConversationStore.Encode(response with { Provider = null }))!;

        Assert.Equal(("key-1", "openai-eu"), (decoded.KeyId, decoded.Provider));
        Assert.Equal(("key-1", (string?)null), (older.KeyId, older.Provider));
        Assert.Null(RedisConversationStore.Decode("resp_1", RedisConversationStore.Encode(response)[..^2]));
    }
}
