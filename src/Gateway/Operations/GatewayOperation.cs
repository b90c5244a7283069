using System.Buffers;
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

    /// <summary>
    /// The stream's pass-through filter: keeps its usage and removes the usage the gateway asked for (<paramref name="strip"/>);
    /// with <paramref name="count"/> (a key with limits) it also counts the completion tokens that passed, for a client
    /// that leaves before the usage comes. Chat's counting rides on its usage filter, framing events only then.
    /// </summary>
    public virtual IStreamFilter CreateUsageFilter(bool strip, bool count) =>
        count ? new ObservingStreamFilter(new ChatStreamObserver(), new StreamUsageFilter(strip)) : new StreamUsageFilter(strip);

    /// <summary>Whether the last bytes of a stream (up to 16) mark a complete end rather than a cut.</summary>
    public virtual bool EndsComplete(ReadOnlySpan<byte> tail) => true;

    /// <summary>
    /// The end marker the gateway writes itself when a stream that lacks it is complete by its content
    /// (<see cref="FinishReasonScanner"/>): chat's <c>data: [DONE]</c>; null where the content cannot tell.
    /// </summary>
    public virtual byte[]? CompletedByContent => null;

    /// <summary>The event that ends a stream broken after its first token, in the operation's format: OpenAI's error event by default.</summary>
    public virtual byte[] StreamError(string message) => OpenAIStreamError(message);

    /// <summary>A provider's error answer in the operation's own format (a native provider's), as the client gets it.</summary>
    public virtual (int Status, byte[] Body) PassBackError(int status, byte[] body) => (status, Providers.OpenAICompatible.OpenAIErrorNormalizer.Normalize(status, body));

    /// <summary>Copies the client's headers a provider of the operation's own format needs (Anthropic's version and betas).</summary>
    public virtual void ForwardHeaders(Microsoft.AspNetCore.Http.IHeaderDictionary client, HttpRequestMessage upstream)
    {
    }

    /// <summary><c>data: {"error":{...}}</c>, the error event OpenAI's streams end with.</summary>
    protected static byte[] OpenAIStreamError(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write("data: "u8);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            OpenAIError.WriteBody(writer, message, ErrorTypes.Server, "stream_interrupted");
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
