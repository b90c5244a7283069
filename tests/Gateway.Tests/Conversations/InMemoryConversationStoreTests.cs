using Gateway.Configuration;
using Gateway.Conversations;

namespace Gateway.Tests.Conversations;

public sealed class InMemoryConversationStoreTests
{
    private static StoredResponse Response(string id) => new(id, "owner", "{}"u8.ToArray(), "[]"u8.ToArray());

    [Fact]
    public async Task Get_BeforeAndAfterTheTimeToLive_FindsThenForgets()
    {
        var time = new ManualTimeProvider();
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
        var store = new InMemoryConversationStore(new ResponsesOptions { MaxStoredInMemory = 2 }, new ManualTimeProvider());

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
        var store = new InMemoryConversationStore(new ResponsesOptions(), new ManualTimeProvider());
        await store.SaveAsync(Response("resp_1"), default);

        Assert.True(await store.DeleteAsync("resp_1", default));
        Assert.False(await store.DeleteAsync("resp_1", default));
        Assert.Null(await store.GetAsync("resp_1", default));
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
}
