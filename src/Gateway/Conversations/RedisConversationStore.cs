using System.Buffers.Binary;
using System.Text;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Conversations;

/// <summary>
/// Stored responses shared by every replica: one Redis string per response (<c>{prefix}:response:&lt;id&gt;</c>) set
/// with its time to live in one command, so a response is readable everywhere once the save has returned, and expires
/// by itself. The value is the owner, the response object, the messages, the key id and (when known) the provider that
/// answered, each length-prefixed (a value without the later parts, written by an older version, still reads); each
/// output item id points to its response (<c>{prefix}:response-item:&lt;id&gt;</c>) with the same time to live. Bytes
/// are bounded per owner and in all (<see cref="RedisConversationScripts"/>, sent with the save): the oldest go first,
/// and the index of expired ones is swept every <see cref="ResponsesOptions.SweepInterval"/> by every replica.
/// </summary>
internal sealed partial class RedisConversationStore : IConversationStore, IDisposable
{
    private readonly SharedRedis _redis;
    private readonly ResponsesOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _prefix;
    private readonly string _itemPrefix;
    private readonly string _ownerPrefix;
    private readonly RedisKey _all;
    private readonly RedisKey _bytes;
    private readonly ITimer _sweeper;

    public RedisConversationStore(SharedRedis redis, GatewayOptions gateway, ResponsesOptions options, TimeProvider time, ILogger<RedisConversationStore> logger)
    {
        (_redis, _options, _time, _logger) = (redis, options, time, logger);
        _prefix = gateway.Redis.KeyPrefix + "response:";
        _itemPrefix = gateway.Redis.KeyPrefix + "response-item:";
        var tag = "{" + gateway.Redis.KeyPrefix + "responses}";
        (_all, _bytes, _ownerPrefix) = (tag + ":all", tag + ":bytes", tag + ":owner:");
        _sweeper = time.CreateTimer(_ => _ = SweepQuietlyAsync(), null, options.SweepInterval, options.SweepInterval);
    }

    private IDatabase Database => _redis.Database ?? throw new InvalidOperationException("Redis is not connected yet.");

    public async ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var size = response.Size;
        if (size > _options.MaxStoredBytesPerOwner || size > _options.MaxStoredBytes)
        {
            Log.TooLarge(_logger, size, Math.Min(_options.MaxStoredBytesPerOwner, _options.MaxStoredBytes));
            return;
        }

        // Sent together: the response, its items, and the accounting that makes room for it.
        var database = Database;
        var items = (response.ItemIds ?? []).Select(item => database.StringSetAsync(_itemPrefix + item, response.Id, _options.TimeToLive)).ToList();
        var value = database.StringSetAsync(_prefix + response.Id, Encode(response), _options.TimeToLive);
        var evicted = await AccountAsync(database, response.Id, response.Owner, size).ConfigureAwait(false);
        await value.ConfigureAwait(false);
        await Task.WhenAll(items).ConfigureAwait(false);
        if (evicted.Length > 0)
        {
            // One key each: the responses lie in different hash slots.
            await Task.WhenAll(evicted.Select(id => database.KeyDeleteAsync(_prefix + id))).ConfigureAwait(false);
            Log.Evicted(_logger, evicted.Length);
        }
    }

    public async ValueTask<StoredResponse?> GetByItemAsync(string itemId, CancellationToken cancellationToken)
    {
        var id = (string?)await Database.StringGetAsync(_itemPrefix + itemId).ConfigureAwait(false);
        return id is null ? null : await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var value = (byte[]?)await Database.StringGetAsync(_prefix + id).ConfigureAwait(false);
        return value is null ? null : Decode(id, value);
    }

    /// <summary>Removes the response and its entry in the owner's index, giving back its bytes.</summary>
    public async ValueTask<bool> DeleteAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var database = Database;
        var index = database.EvaluateInOneSlotAsync(RedisConversationScripts.Delete, [_all, _bytes, _ownerPrefix + response.Owner], [response.Id]);
        var deleted = await database.KeyDeleteAsync(_prefix + response.Id).ConfigureAwait(false);
        await index.ConfigureAwait(false);
        return deleted;
    }

    /// <summary>The bytes counted now, for every owner (tests, <c>/readyz</c>-style checks).</summary>
    public async Task<long> StoredBytesAsync() => (long?)await Database.HashGetAsync(_bytes, "*").ConfigureAwait(false) ?? 0;

    /// <summary>Drops the index entries of expired responses (Redis has already freed the responses) and their bytes.</summary>
    public Task SweepAsync() => AccountAsync(Database, "", "", 0);

    public void Dispose() => _sweeper.Dispose();

    internal static byte[] Encode(StoredResponse response)
    {
        var owner = Encoding.UTF8.GetBytes(response.Owner);
        var keyId = Encoding.UTF8.GetBytes(response.KeyId);
        var provider = response.Provider is null ? null : Encoding.UTF8.GetBytes(response.Provider);
        var value = new byte[16 + owner.Length + response.Response.Length + response.Messages.Length + keyId.Length + (provider is null ? 0 : 4 + provider.Length)];
        var at = Put(value, 0, owner);
        at = Put(value, at, response.Response);
        at = Put(value, at, response.Messages);
        at = Put(value, at, keyId);
        if (provider is not null)
        {
            Put(value, at, provider);
        }

        return value;
    }

    internal static StoredResponse? Decode(string id, byte[] value)
    {
        var at = 0;
        if (!Take(value, ref at, out var owner) || !Take(value, ref at, out var body) || !Take(value, ref at, out var messages))
        {
            return null;
        }

        // Written before responses were kept per key: no key id part, readable by no key.
        var keyId = "\n";
        if (at < value.Length)
        {
            if (!Take(value, ref at, out var key))
            {
                return null;
            }

            keyId = Encoding.UTF8.GetString(key);
        }

        // Written before the answering provider was kept: none, so no affinity preference.
        string? provider = null;
        if (at < value.Length)
        {
            if (!Take(value, ref at, out var name))
            {
                return null;
            }

            provider = Encoding.UTF8.GetString(name);
        }

        return new StoredResponse(id, Encoding.UTF8.GetString(owner), body.ToArray(), messages.ToArray(), KeyId: keyId, Provider: provider);
    }

    private async Task<string[]> AccountAsync(IDatabase database, string id, string owner, long size)
    {
        var result = await database.EvaluateInOneSlotAsync(RedisConversationScripts.Save, [_all, _bytes, _ownerPrefix + owner],
        [
            _ownerPrefix, id, owner, size, _time.GetUtcNow().ToUnixTimeMilliseconds(), (long)_options.TimeToLive.TotalMilliseconds,
            _options.MaxStoredBytesPerOwner, _options.MaxStoredBytes,
        ]).ConfigureAwait(false);
        return [.. ((string?[]?)result ?? []).OfType<string>()];
    }

    private async Task SweepQuietlyAsync()
    {
        try
        {
            if (_redis.IsConnected)
            {
                await SweepAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
        {
            Log.SweepFailed(_logger, e.GetType().Name);
        }
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

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RedisConversationTooLarge, Level = LogLevel.Warning, Message = "A response of {Size} bytes was not stored in Redis: larger than the limit of {Limit} bytes (Gateway:Responses:MaxStoredMegabytes, MaxStoredMegabytesPerOwner)")]
        public static partial void TooLarge(ILogger logger, long size, long limit);

        [LoggerMessage(EventId = EventIds.RedisConversationEvicted, Level = LogLevel.Debug, Message = "Stored responses in Redis: {Count} oldest evicted to stay within the byte limits")]
        public static partial void Evicted(ILogger logger, int count);

        [LoggerMessage(EventId = EventIds.RedisConversationSweepFailed, Level = LogLevel.Warning, Message = "Stored responses in Redis: the sweep of expired entries failed ({Error}); the next one retries")]
        public static partial void SweepFailed(ILogger logger, string error);
    }
}
