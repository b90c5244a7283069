using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;

namespace Gateway.Affinity;

/// <summary>
/// Prompt-cache affinity (<c>Gateway:Affinity</c>): which provider account served a conversation last, so its next
/// request goes there while that account is healthy and the provider's prompt cache hits. A conversation is the
/// caller (its key id, so nothing is shared across keys) and the first <see cref="AffinityOptions.PrefixBytes"/> of
/// the request body (the model, the system prompt and the first messages: what a growing conversation keeps); a body
/// shorter than that (a prompt too short for a provider to cache) has no affinity. Bindings live
/// <see cref="AffinityOptions.Ttl"/> after their last use, at most <see cref="AffinityOptions.MaxEntries"/> of them
/// (least recently used dropped first), in this replica's memory: with replicas behind a balancer, a conversation
/// sticks per replica (documented), which costs no Redis round trip on the request path.
/// </summary>
internal sealed class ConversationAffinity(GatewayOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<UInt128, LinkedListNode<Binding>> _bindings = [];
    private readonly LinkedList<Binding> _recent = new();

    public bool Enabled => options.Affinity.Enabled;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _bindings.Count;
            }
        }
    }

    /// <summary>The conversation of a request, or null when affinity is off or the body is too short to identify one.</summary>
    public UInt128? KeyOf(ReadOnlySpan<byte> body, string caller)
    {
        var prefix = options.Affinity.PrefixBytes;
        if (!Enabled || body.Length < prefix)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(caller));
        hash.AppendData([0]);
        hash.AppendData(body[..prefix]);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    /// <summary>The provider that served <paramref name="conversation"/> last, if within the TTL.</summary>
    public string? Find(UInt128 conversation)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_bindings.TryGetValue(conversation, out var node))
            {
                return null;
            }

            if (node.Value.Expires <= now)
            {
                _recent.Remove(node);
                _bindings.Remove(conversation);
                return null;
            }

            return node.Value.Provider;
        }
    }

    /// <summary>Binds <paramref name="conversation"/> to the provider that just served it, for another TTL.</summary>
    public void Bind(UInt128 conversation, string provider)
    {
        var binding = new Binding(conversation, provider, time.GetUtcNow() + options.Affinity.Ttl);
        lock (_lock)
        {
            if (_bindings.TryGetValue(conversation, out var node))
            {
                _recent.Remove(node);
                node.Value = binding;
                _recent.AddFirst(node);
                return;
            }

            if (_bindings.Count >= options.Affinity.MaxEntries && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _bindings.Remove(oldest.Value.Conversation);
            }

            _bindings[conversation] = _recent.AddFirst(binding);
        }
    }

    private sealed record Binding(UInt128 Conversation, string Provider, DateTimeOffset Expires);
}
