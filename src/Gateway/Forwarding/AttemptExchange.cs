using System.Net.Http.Headers;
using Gateway.Operations;
using Gateway.Protocols;
using Gateway.Providers;

namespace Gateway.Forwarding;

/// <summary>
/// How one attempt's bodies are shaped, from the operation and the provider: the client's body passed through with the
/// model spliced in (the provider speaks the operation's format), or mapped to chat completions by the request's
/// <see cref="IChatBridge"/>, then, for a provider with a protocol of its own, by its adapter's
/// <see cref="ProtocolTranslator"/>; answers and errors come back the same way in reverse (a stream in one pass: the
/// provider format's reader hands typed events to the bridge's writer).
/// </summary>
internal sealed class AttemptExchange
{
    private readonly ProtocolTranslator? _translator;
    private readonly IChatBridge? _bridge;
    private readonly GatewayOperation _operation;

    private AttemptExchange(GatewayOperation operation, UpstreamOperation kind, ProtocolTranslator? translator, IChatBridge? bridge) =>
        (_operation, Kind, _translator, _bridge) = (operation, kind, translator, bridge);

    /// <summary>The operation the provider is asked for (chat completions when bridged).</summary>
    public UpstreamOperation Kind { get; }

    /// <summary>What the translation left out of the client's request (<c>tools.web_search</c>), once <see cref="Content"/> ran.</summary>
    public IReadOnlyList<string> Omitted { get; private set; } = [];

    /// <summary>Whether the provider's bytes reach the client changed, so their length does not hold.</summary>
    public bool Translates => _translator is not null || _bridge is not null;

    public static AttemptExchange For(GatewayRequest request, IProviderAdapter adapter)
    {
        var operation = request.Operation;
        var kind = operation.Kind;
        if (request.Bridge is { } bridge && (request.AlwaysBridge || !adapter.ServesNatively(kind)))
        {
            return new AttemptExchange(operation, UpstreamOperation.ChatCompletions, adapter.Translator, bridge);
        }

        // A provider serving the operation's own format natively gets the client's bytes, whatever its chat protocol.
        return new AttemptExchange(operation, kind, adapter.ServesNatively(kind) ? null : adapter.Translator, null);
    }

    /// <summary>The upstream body; throws <see cref="TranslationException"/> when the request has no form in the provider's protocol.</summary>
    /// <param name="continuation">For an attempt continuing a broken stream: the request with the prefill (<see cref="StreamContinuations.Body"/>).</param>
    public HttpContent Content(GatewayRequest request, byte[]? upstreamModelJson, string model, byte[]? usageRequest,
        (ReadOnlyMemory<byte> Body, Contracts.RequestEnvelope Envelope)? continuation = null)
    {
        var envelope = request.Envelope;
        if (request.FormContentType is { } form)
        {
            // A multipart form (audio): only its model field's value is replaced, when the candidate rewrites the model.
            return new MultipartModelContent(request.Body.Memory, envelope.ModelStart, envelope.ModelLength, upstreamModelJson is null ? null : model, form);
        }

        if (_bridge is not null)
        {
            var chat = _bridge.ChatRequest(model, request.Stream, _translator);
            Omitted = _bridge.Omitted;
            if (request.OutputClamp is { } clamp)
            {
                chat = OutputClamp.Apply(chat, clamp, UpstreamOperation.ChatCompletions);
            }
            if (_translator is not null)
            {
                return _translator.TranslateRequest(chat, model, request.Stream);
            }

            var content = new ByteArrayContent(chat);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        var body = request.Body.Memory;
        if (request.Clamped() is { } clamped)
        {
            (body, envelope) = clamped; // the budget lowered the output: the client's body with its max_tokens changed
        }

        if (continuation is { } continued)
        {
            (body, envelope) = continued; // built from the clamped body, with the text already sent as a prefill
        }

        if (_translator is null && request.NativeBody is { } rewritten)
        {
            // The surface reshaped the body for native providers (system messages folded): that body, clamped the same way.
            (body, envelope) = (rewritten.Body, rewritten.Envelope);
            if (request.OutputClamp is { } max)
            {
                var lowered = OutputClamp.Apply(body.Span, max, request.Operation.Kind);
                if (request.Operation.TryParse(lowered, out var read, out _))
                {
                    (body, envelope) = (lowered, read);
                }
            }
        }

        return _translator is null
            ? new SplicedJsonContent(body, envelope.ModelStart, envelope.ModelLength, upstreamModelJson, envelope.RootEnd, usageRequest)
            : _translator.TranslateRequest(body, model, request.Stream);
    }

    /// <summary>The client's view of a successful body.</summary>
    public Stream Response(Stream raw, bool stream)
    {
        if (stream && _bridge is not null)
        {
            return _bridge.ClientStream(raw, _translator?.StreamReader());
        }

        var chat = _translator?.TranslateResponse(raw, stream) ?? raw;
        return _bridge?.ClientBody(chat) ?? chat;
    }

    /// <summary>The client's error status and body for a provider's error answer.</summary>
    public (int Status, byte[] Body) Error(int status, byte[] raw)
    {
        if (_translator is null && _bridge is null)
        {
            return _operation.PassBackError(status, raw);
        }

        var (openAIStatus, openAI) = _translator?.TranslateError(status, raw)
            ?? (status, Providers.OpenAICompatible.OpenAIErrorNormalizer.Normalize(status, raw));
        return _bridge?.ClientError(openAIStatus, openAI) ?? (openAIStatus, openAI);
    }
}
