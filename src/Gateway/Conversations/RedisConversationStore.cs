using System.Buffers.Binary;
using System.Text;
using Gateway.Configuration;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Conversations;

/// <summary>
/// Stored responses shared by every replica: one Redis string per response (<c>{prefix}:response:&lt;id&gt;</c>) set
/// with its time to live in one command, so a response is readable everywhere once the save has returned, and expires
/// by itself. The value is the owner, the response object and the messages, each length-prefixed.
/// </summary>
internal sealed class RedisConversationStore(SharedRedis redis, GatewayOptions gateway, ResponsesOptions options) : IConversationStore
{
    private readonly string _prefix = gateway.Redis.KeyPrefix + "response:";

    private IDatabase Database => redis.Database ?? throw new InvalidOperationException("Redis is not connected yet.");

    public async ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        await Database.StringSetAsync(_prefix + response.Id, Encode(response), options.TimeToLive).ConfigureAwait(false);
    }

    public async ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var value = (byte[]?)await Database.StringGetAsync(_prefix + id).ConfigureAwait(false);
        return value is null ? null : Decode(id, value);
    }

    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        return await Database.KeyDeleteAsync(_prefix + id).ConfigureAwait(false);
    }

    internal static byte[] Encode(StoredResponse response)
    {
        var owner = Encoding.UTF8.GetBytes(response.Owner);
        var value = new byte[12 + owner.Length + response.Response.Length + response.Messages.Length];
        var at = Put(value, 0, owner);
        at = Put(value, at, response.Response);
        Put(value, at, response.Messages);
        return value;
    }

    internal static StoredResponse? Decode(string id, byte[] value)
    {
        var at = 0;
        if (!Take(value, ref at, out var owner) || !Take(value, ref at, out var body) || !Take(value, ref at, out var messages))
        {
            return null;
        }

        return new StoredResponse(id, Encoding.UTF8.GetString(owner), body.ToArray(), messages.ToArray());
    }

    private static int Put(byte[] value, int at, ReadOnlySpan<byte> part)
    {
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(at), part.Length);
        part.CopyTo(value.AsSpan(at + 4));
        return at + 4 + part.Length;
    }

    private static bool Take(byte[] value, ref int at, out ReadOnlySpan<byte> part)
    {
        part = default;
        if (value.Length - at < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(at));
        if (length < 0 || length > value.Length - at - 4)
        {
            return false;
        }

        part = value.AsSpan(at + 4, length);
        at += 4 + length;
        return true;
    }
}
