using System.Diagnostics;

namespace Gateway.Forwarding;

/// <summary>
/// What the upstream client tells a provider about the trace: only <c>traceparent</c> (trace id, span id, flags), so a
/// provider's request can be matched with ours. The client's <c>baggage</c> and <c>Correlation-Context</c> (user ids,
/// tenants, anything an app put there) never leave for a third party, and neither does <c>tracestate</c>: it is
/// vendor data of the client's tracing system, of no use to a provider that is not part of it.
/// </summary>
internal sealed class TraceParentPropagator : DistributedContextPropagator
{
    private const string TraceParent = "traceparent";

    public static TraceParentPropagator Instance { get; } = new();

    public override IReadOnlyCollection<string> Fields { get; } = [TraceParent];

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (activity is null || setter is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is not { } id)
        {
            return;
        }

        // A request that somehow already carries one would otherwise send two.
        (carrier as HttpRequestMessage)?.Headers.Remove(TraceParent);
        setter(carrier, TraceParent, id);
    }

    /// <summary>Only used for outgoing requests: nothing is extracted.</summary>
    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
    }

    /// <summary>Only used for outgoing requests: nothing is extracted.</summary>
    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
}
