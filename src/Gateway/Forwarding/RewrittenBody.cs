using Gateway.Contracts;

namespace Gateway.Forwarding;

/// <summary>
/// The body a provider serving the operation's own format gets instead of the client's, when the surface had to
/// reshape it for such providers (Anthropic's system messages folded into <c>system</c>), with its own envelope so
/// the model is spliced at the right place.
/// </summary>
internal sealed record RewrittenBody(ReadOnlyMemory<byte> Body, RequestEnvelope Envelope);
