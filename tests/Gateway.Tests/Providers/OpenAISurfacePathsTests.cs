using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Providers.Anthropic;
using Gateway.Providers.AzureOpenAI;
using Gateway.Providers.OpenAICompatible;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Providers;

/// <summary>Where each protocol sends the rest of OpenAI's surface, and which protocols say they cannot serve it.</summary>
public sealed class OpenAISurfacePathsTests
{
    public static TheoryData<string, string> Operations => new()
    {
        { nameof(UpstreamOperation.Completions), "completions" },
        { nameof(UpstreamOperation.Moderations), "moderations" },
        { nameof(UpstreamOperation.ImageGenerations), "images/generations" },
        { nameof(UpstreamOperation.AudioSpeech), "audio/speech" },
        { nameof(UpstreamOperation.AudioTranscriptions), "audio/transcriptions" },
        { nameof(UpstreamOperation.AudioTranslations), "audio/translations" },
    };

    private static ProviderOptions Options(string type, string url, string? apiVersion = null) =>
        new() { Name = type, Type = type, Url = new Uri(url), Key = "secret", ApiVersion = apiVersion };

    [Theory]
    [MemberData(nameof(Operations))]
    public void OpenAICompatible_PostsUnderTheBaseUrl_WithTheBearerKey(string name, string path)
    {
        var operation = Enum.Parse<UpstreamOperation>(name);
        var adapter = new OpenAICompatibleAdapter(Options("groq", "https://api.groq.com/openai/v1/"));

        using var request = adapter.CreateRequest(operation, "whisper-large-v3");

        Assert.Equal((HttpMethod.Post, $"https://api.groq.com/openai/v1/{path}"), (request.Method, request.RequestUri!.AbsoluteUri));
        Assert.Equal("Bearer secret", request.Headers.GetValues("Authorization").Single());
        Assert.True(((IProviderAdapter)adapter).CanServe(operation, ContentKinds.Audio));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Azure_PostsUnderTheDeployment_WithApiVersion_AndHasNoModerations(string name, string path)
    {
        var operation = Enum.Parse<UpstreamOperation>(name);
        var adapter = new AzureOpenAIAdapter(Options("azure", "https://res.openai.azure.com", "2024-10-21"));

        using var request = adapter.CreateRequest(operation, "whisper");

        Assert.Equal($"https://res.openai.azure.com/openai/deployments/whisper/{path}?api-version=2024-10-21", request.RequestUri!.AbsoluteUri);
        Assert.Equal(operation != UpstreamOperation.Moderations, adapter.CanServe(operation, ContentKinds.None));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Anthropic_ServesNone_AndRefusesToBuildTheRequest(string name, string path)
    {
        var operation = Enum.Parse<UpstreamOperation>(name);
        var adapter = new AnthropicAdapter(Options("anthropic", "https://api.anthropic.com"), TimeProvider.System, NullLogger<AnthropicAdapter>.Instance);

        Assert.False(adapter.CanServe(operation, ContentKinds.None));
        Assert.Contains(path, Assert.Throws<TranslationException>(() => adapter.CreateRequest(operation, "claude")).Message, StringComparison.Ordinal);
        Assert.True(adapter.CanServe(UpstreamOperation.ChatCompletions, ContentKinds.Image));
    }
}
