using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Operations;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>One client request as the forwarder sees it: the buffered body, what routing read from it, where it came from.</summary>
internal sealed class GatewayRequest(HttpContext context, PooledBuffer body, RequestEnvelope envelope, GatewayOperation operation, RequestRecord? record)
{
    private (ReadOnlyMemory<byte> Body, RequestEnvelope Envelope)? _clamped;

    public HttpContext Context => context;

    public PooledBuffer Body => body;

    public RequestEnvelope Envelope => envelope;

    public GatewayOperation Operation => operation;

    /// <summary>The request's access-log record, filled in by the attempts' outcomes.</summary>
    public RequestRecord? Record => record;

    public bool Stream => envelope.Stream && operation.Streams;

    /// <summary>The request's admission ticket: its attempts' outcomes bill it (null before admission).</summary>
    public Accounts.Limits.AdmissionTicket? Ticket { get; set; }

    /// <summary>When the budget clamped the request: the most output tokens per choice the upstream is asked for.</summary>
    public long? OutputClamp => Ticket?.ClampedOutput;

    /// <summary>
    /// For a clamped JSON request: the client's body with its output lowered (<see cref="OutputClamp"/>) and its
    /// envelope read again, made once for all attempts; null when nothing is clamped.
    /// </summary>
    public (ReadOnlyMemory<byte> Body, RequestEnvelope Envelope)? Clamped()
    {
        if (OutputClamp is not { } max || FormContentType is not null)
        {
            return null;
        }

        if (_clamped is null)
        {
            var clamped = Forwarding.OutputClamp.Apply(body.Span, max, operation.Kind);
            _clamped = operation.TryParse(clamped, out var read, out _) ? (clamped, read) : (body.Memory, envelope);
        }

        return _clamped;
    }

    /// <summary>Whether a stream counts the completion tokens that pass (its key has limits: a client leaving early is billed them).</summary>
    public bool CountsPassedTokens { get; set; }

    /// <summary>For an operation with its own format: how providers that only speak chat completions get the request.</summary>
    public IChatBridge? Bridge { get; init; }

    /// <summary>Every provider gets the request through <see cref="Bridge"/>, even one serving the format natively (the conversation is the gateway's).</summary>
    public bool AlwaysBridge { get; init; }

    /// <summary>For a provider serving the operation's format natively: the body it gets instead of the client's (null: the client's).</summary>
    public RewrittenBody? NativeBody { get; init; }

    /// <summary>
    /// For a <c>multipart/form-data</c> body (the envelope's model offsets then point at the <c>model</c> field's value):
    /// the Content-Type with its boundary; null for JSON.
    /// </summary>
    public string? FormContentType { get; init; }

    /// <summary>The routing table the request was resolved against (its owner's view): its attempts read context windows and model labels there.</summary>
    public required Routing.RoutingTable Table { get; init; }

    /// <summary>The strategy the request chose (<c>x-gateway-strategy</c>); null: the configured one.</summary>
    public Selection.ISelectionStrategy? Strategy { get; init; }

    /// <summary>Who chose <see cref="Strategy"/>: <c>request</c> (its header), <c>key</c> (its key's default) or <c>rotation</c> (the configured one).</summary>
    public string StrategySource { get; init; } = "rotation";

    /// <summary>The candidates the candidate filters took out, each with the filter's reason, for the routing decision (null: none).</summary>
    public IReadOnlyList<(string Provider, string Why)>? Filtered { get; init; }

    /// <summary>Whose line the request waits in when it queues (<c>Gateway:Queue</c>): its key id, or empty for an open <c>/v1</c>.</summary>
    public string QueueKey { get; init; } = "";

    /// <summary>Whether the request waited in the queue.</summary>
    public bool Queued { get; set; }

    /// <summary>Whether the request found the queue full.</summary>
    public bool QueueFull { get; set; }

    /// <summary>Whether prompt-cache affinity put the conversation's last account first.</summary>
    public bool AffinityHit { get; set; }

    /// <summary>
    /// The account that answered the conversation this request continues (a stored response's <c>previous_response_id</c>),
    /// tried first while planned when prompt-cache affinity is on; null: none known.
    /// </summary>
    public string? PreferredProvider { get; init; }

    /// <summary>The provider whose answer the client got (null: none, or not yet).</summary>
    public string? ServedBy { get; set; }
}
