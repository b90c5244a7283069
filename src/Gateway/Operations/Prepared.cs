using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// What an operation's hook (<see cref="IOperationHook.PrepareAsync"/>) made of a request before routing: how providers
/// that do not speak its format get it, what the candidates must be able to do, and what the gateway answers itself.
/// Made once per request; the dispatch pipeline reads it, the attempts use its bridge.
/// </summary>
internal sealed class Prepared
{
    /// <summary>Nothing to prepare: forwarded as it came.</summary>
    public static Prepared AsIs { get; } = new();

    /// <summary>How providers that only speak chat completions get the request (null: the operation's own format only).</summary>
    public IChatBridge? Bridge { get; init; }

    /// <summary>Every provider gets the request through <see cref="Bridge"/>, even one serving the format natively (the conversation is the gateway's).</summary>
    public bool AlwaysBridge { get; init; }

    /// <summary>For a provider serving the format natively: the body it gets instead of the client's, with its envelope (null: the client's).</summary>
    public (ReadOnlyMemory<byte> Body, RequestEnvelope Envelope)? NativeBody { get; init; }

    /// <summary>The content parts the candidates must serve, when the hook read them (null: the envelope's).</summary>
    public ContentKinds? Content { get; init; }

    /// <summary>Only providers serving this operation natively may take the request (the natives candidate filter); null: any.</summary>
    public UpstreamOperation? NativesOnly { get; init; }

    /// <summary>With <see cref="NativesOnly"/>: the refusal when no candidate serves natively (null: <see cref="Answer"/> answers).</summary>
    public Refusal? WithoutNatives { get; init; }

    /// <summary>
    /// The gateway's own answer, given once the model resolved and passed the filters (an unknown or forbidden model is
    /// refused as for a generation): always, or with <see cref="NativesOnly"/> only when no candidate serves natively.
    /// </summary>
    public Func<CancellationToken, LocalAnswer>? Answer { get; init; }

    /// <summary>Headers for the response, whatever it is (what a translation left out).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>
    /// The provider (account) that answered the conversation the request continues (a stored response's): put first
    /// among the planned candidates under prompt-cache affinity (<c>Gateway:Affinity</c>); null: no preference.
    /// </summary>
    public string? PreferredProvider { get; init; }

    /// <summary>What the hook keeps for <see cref="IOperationHook.CompleteAsync"/> (the conversation to store).</summary>
    public object? State { get; init; }
}
