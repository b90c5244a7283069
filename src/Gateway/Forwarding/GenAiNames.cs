using Gateway.Configuration;
using Gateway.Outcomes;
using Gateway.Providers;
using Gateway.Routing;

namespace Gateway.Forwarding;

/// <summary>Maps the gateway's operations, protocols and models to the GenAI convention values (<see cref="GenAiLabels"/>).</summary>
internal static class GenAiNames
{
    public static GenAiLabels For(GatewayRequest request, Provider provider)
    {
        var table = request.Table;
        var requested = request.Envelope.Model;
        var requestLabel = table.TierOf(requested) != ModelTier.None ? requested : table.MetricLabel(requested);
        return new GenAiLabels(Operation(request.Operation.Kind), ProviderName(provider.Options.Type), requestLabel);
    }

    /// <summary>The conventions' well-known operation names where one fits, the endpoint's own name otherwise.</summary>
    public static string Operation(UpstreamOperation kind) => kind switch
    {
        UpstreamOperation.ChatCompletions or UpstreamOperation.Responses or UpstreamOperation.Messages => "chat",
        UpstreamOperation.Embeddings => "embeddings",
        UpstreamOperation.Completions => "text_completion",
        UpstreamOperation.CountTokens => "count_tokens",
        UpstreamOperation.Moderations => "moderation",
        UpstreamOperation.ImageGenerations => "image_generation",
        UpstreamOperation.AudioSpeech => "speech",
        UpstreamOperation.AudioTranscriptions => "transcription",
        UpstreamOperation.AudioTranslations => "translation",
        _ => "models",
    };

    /// <summary>
    /// The provider type by the conventions' well-known values (<c>openai</c>, <c>anthropic</c>, <c>azure.ai.openai</c>,
    /// <c>gcp.gemini</c>, <c>groq</c>, <c>cohere</c>); the other types (<c>openrouter</c>, <c>together</c>, <c>ollama</c>,
    /// <c>custom</c>) by their own names, as the conventions allow. A fixed set either way.
    /// </summary>
    public static string ProviderName(string type) => type switch
    {
        "azure" => "azure.ai.openai",
        "gemini" => "gcp.gemini",
        _ => type,
    };
}
