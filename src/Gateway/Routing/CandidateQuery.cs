using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Routing;

/// <summary>
/// What the candidate filters narrow for: the table the request was resolved against (the one its attempts use), the
/// operation and content parts the upstream must serve, and, for a request only a provider of the format's own API can
/// serve (a conversation the gateway does not hold, a native count), that operation and the refusal when nobody serves
/// it natively (null: the operation answers itself).
/// </summary>
internal readonly record struct CandidateQuery(RoutingTable Table, UpstreamOperation Operation, ContentKinds Content)
{
    public UpstreamOperation? NativesOnly { get; init; }

    public Refusal? WithoutNatives { get; init; }
}
