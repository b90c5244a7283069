using Gateway.Contracts;
using Gateway.Providers;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// One API operation the gateway serves (chat completions, embeddings; the Responses API and Anthropic Messages
/// next): its path, the body it requires and how that is validated, and, for an operation that streams, how its
/// stream is read: where the first token is, what a complete end looks like, how usage is asked for and removed.
/// Endpoints name their operation; the forwarder asks it, never a switch on its kind.
/// </summary>
internal abstract class GatewayOperation
{
    /// <summary>What adapters map to a provider URL (<see cref="IProviderAdapter.CreateRequest"/>) and routing filters on.</summary>
    public abstract UpstreamOperation Kind { get; }

    /// <summary>The route, e.g. <c>/v1/chat/completions</c>.</summary>
    public abstract string Path { get; }

    /// <summary>Whether a request may ask for a stream (<c>"stream": true</c>).</summary>
    public virtual bool Streams => false;

    /// <summary>The field the body must have besides <c>model</c>.</summary>
    protected abstract RequiredField Required { get; }

    /// <summary>
    /// Validates the body (UTF-8, a JSON object, the model rule, the required field, <c>stream</c> a boolean, every
    /// number finite) and reads what routing needs; <paramref name="error"/> is the client-facing message.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> json, out RequestEnvelope envelope, out string error) =>
        RequestEnvelope.TryParse(json, Required, out envelope, out error);

    /// <summary>Bytes to insert into a streaming body so the upstream reports usage, or null when the client asked itself.</summary>
    public virtual byte[]? UsageRequest(in RequestEnvelope envelope) => null;

    /// <summary>A new reader for the held-back beginning of one stream.</summary>
    public virtual IFirstTokenDetector CreateFirstTokenDetector() => throw new NotSupportedException($"{Path} does not stream.");

    /// <summary>The stream's pass-through filter: keeps its usage and removes the usage the gateway asked for (<paramref name="strip"/>).</summary>
    public virtual StreamUsageFilter CreateUsageFilter(bool strip) => new(strip);

    /// <summary>Whether the last bytes of a stream (up to 16) mark a complete end rather than a cut.</summary>
    public virtual bool EndsComplete(ReadOnlySpan<byte> tail) => true;
}
