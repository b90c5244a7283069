using Gateway.Contracts;

namespace Gateway.Operations;

/// <summary>What an operation's hook sees of a request: the operation, the body read once, what routing read from it, and the caller.</summary>
/// <param name="Operation">The operation the endpoint named.</param>
/// <param name="Body">The client's body (the buffer the request owns; valid until the request ends).</param>
/// <param name="Envelope">What the endpoint read from the body.</param>
/// <param name="Owner">The caller's owner (empty: none).</param>
/// <param name="KeyId">The caller's key id (empty: none).</param>
/// <param name="RequestId">The request's id, for logs.</param>
/// <param name="Aborted">Cancelled when the client goes away.</param>
internal sealed record OperationRequest(GatewayOperation Operation, ReadOnlyMemory<byte> Body, RequestEnvelope Envelope, string Owner, string KeyId, string RequestId, CancellationToken Aborted);
