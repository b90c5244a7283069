using System.ClientModel;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using OpenAI;
using OpenAI.Audio;
using OpenAI.Images;
using OpenAI.Models;
using OpenAI.Moderations;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// The official OpenAI .NET client, changed only in its endpoint, on the rest of the surface: audio transcription
/// and translation (its own multipart writer), speech, image generation, moderation and model retrieval.
/// (It has no legacy completions client; those are covered over raw HTTP.)
/// </summary>
public sealed class OpenAIClientSurfaceTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("alpha");
        _gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_ALPHA_MODELS", "whisper-1,openai/tts-1")));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(_gateway.Root + "/v1") };

    private static ApiKeyCredential Key => new("client-secret");

    [Fact]
    public async Task Transcription_TierRewrittenInTheClientsForm()
    {
        var audio = SurfaceRequests.Audio(20_000);
        var client = new AudioClient("smart", Key, Options);

        AudioTranscription transcription = await client.TranscribeAudioAsync(new MemoryStream(audio), "speech.mp3");

        Assert.Equal(FakeUpstreamServer.Transcript("alpha", "alpha-smart", audio), transcription.Text);
        Assert.Equal(("/v1/audio/transcriptions", "alpha-smart"), (_upstreams["alpha"].Received.Single().Path, _upstreams["alpha"].Received.Single().Model));
    }

    [Fact]
    public async Task Transcription_VerboseJson_WithAListedModel()
    {
        var audio = SurfaceRequests.Audio(1_000);
        var client = new AudioClient("whisper-1", Key, Options);

        AudioTranscription transcription = await client.TranscribeAudioAsync(new MemoryStream(audio), "speech.wav",
            new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose, Language = "en" });

        Assert.Equal(FakeUpstreamServer.Transcript("alpha", "whisper-1", audio), transcription.Text);
        Assert.Equal("english", transcription.Language);
    }

    [Fact]
    public async Task Translation_ReturnsTheProvidersText()
    {
        var audio = SurfaceRequests.Audio(5_000);
        var client = new AudioClient("fast", Key, Options);

        AudioTranslation translation = await client.TranslateAudioAsync(new MemoryStream(audio), "speech.mp3");

        Assert.Equal(FakeUpstreamServer.Transcript("alpha", "alpha-fast", audio), translation.Text);
        Assert.Equal("/v1/audio/translations", _upstreams["alpha"].Received.Single().Path);
    }

    [Fact]
    public async Task Speech_BytesAreTheProviders()
    {
        _upstreams["alpha"].Default = new FakeResponse { Chunks = 5 };
        var client = new AudioClient("openai/tts-1", Key, Options);

        BinaryData speech = await client.GenerateSpeechAsync("Hello there", GeneratedSpeechVoice.Alloy);

        Assert.Equal(FakeUpstreamServer.SpeechAudio(5), speech.ToArray());
        Assert.Equal("openai/tts-1", _upstreams["alpha"].Received.Single().Model);
    }

    [Fact]
    public async Task ImageGeneration_Bytes()
    {
        var client = new ImageClient("smart", Key, Options);

        GeneratedImage image = await client.GenerateImageAsync("a cat", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes });

        Assert.Equal(FakeUpstreamServer.Png, image.ImageBytes.ToArray());
        Assert.Equal("alpha-smart", _upstreams["alpha"].Received.Single().Model);
    }

    [Fact]
    public async Task ImageGeneration_Uri()
    {
        var client = new ImageClient("smart", Key, Options);

        GeneratedImage image = await client.GenerateImageAsync("a cat", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri });

        Assert.Equal(new Uri("https://images.fake.test/alpha/0.png"), image.ImageUri);
    }

    [Fact]
    public async Task Moderation_ClassifiesThroughTheProvider()
    {
        var client = new ModerationClient("fast", Key, Options);

        ModerationResult flagged = await client.ClassifyTextAsync("I will attack the castle");
        ModerationResult fine = await client.ClassifyTextAsync("I will bake a cake");

        Assert.True(flagged.Flagged);
        Assert.True(flagged.Violence.Flagged);
        Assert.False(fine.Flagged);
        Assert.All(_upstreams["alpha"].Received, r => Assert.Equal(("/v1/moderations", "alpha-fast"), (r.Path, r.Model)));
    }

    [Fact]
    public async Task ModelRetrieve_FindsTiersAndListedModels_SlashesIncluded()
    {
        var client = new OpenAIModelClient(Key, Options);

        OpenAIModel smart = await client.GetModelAsync("smart");
        OpenAIModel whisper = await client.GetModelAsync("whisper-1");
        OpenAIModel slashed = await client.GetModelAsync("openai/tts-1");
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetModelAsync("no-such-model"));
        var (unescaped, body) = await _gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/models/openai/tts-1"));

        Assert.Equal(("smart", "gateway"), (smart.Id, smart.OwnedBy));
        Assert.Equal(("whisper-1", "alpha"), (whisper.Id, whisper.OwnedBy));
        Assert.Equal("openai/tts-1", slashed.Id);
        Assert.Equal(404, missing.Status);
        Assert.Equal((System.Net.HttpStatusCode.OK, "openai/tts-1"), (unescaped.StatusCode, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()));
    }
}
