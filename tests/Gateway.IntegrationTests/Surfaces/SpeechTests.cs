using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// <c>/v1/audio/speech</c>: the provider's binary audio reaches the client byte for byte with its Content-Type, chunk by
/// chunk as it arrives (never held whole), fails over while nothing is committed, and is cut (not passed off as
/// complete) when the provider breaks mid-audio.
/// </summary>
public sealed class SpeechTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync() =>
        GatewayHost.StartAsync(_upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")));

    private static HttpRequestMessage Speech(string format = "mp3") =>
        SurfaceRequests.Json("/v1/audio/speech", $$"""{"model":"smart","input":"Hello there","voice":"alloy","response_format":"{{format}}"}""");

    [Theory]
    [InlineData("mp3", "audio/mpeg")]
    [InlineData("opus", "audio/ogg")]
    [InlineData("wav", "audio/wav")]
    public async Task Audio_ArrivesByteForByte_WithItsContentType(string format, string contentType)
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 6 };
        await using var gateway = await StartGatewayAsync();

        using var response = await gateway.Client.SendAsync(Speech(format));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.ContentType()?.MediaType);
        Assert.Equal(FakeUpstreamServer.SpeechAudio(6), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Audio_IsStreamed_TheFirstChunkArrivesBeforeTheProviderSendsTheLast()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstreams["a"].Default = new FakeResponse { Chunks = 4, HoldAfterFirstChunk = hold, ChunkDelay = TimeSpan.FromMilliseconds(20) };
        await using var gateway = await StartGatewayAsync();
        var expected = FakeUpstreamServer.SpeechAudio(4);

        using var response = await gateway.Client.SendAsync(Speech(), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new byte[expected.Length];

        // The fake holds everything after its first chunk until released: this read completes only if that chunk
        // was passed on alone, before the provider had sent the rest.
        var first = await stream.ReadAtLeastAsync(received.AsMemory(0, FakeUpstreamServer.SpeechChunkBytes), FakeUpstreamServer.SpeechChunkBytes, throwOnEndOfStream: false)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(FakeUpstreamServer.SpeechChunkBytes, first);
        hold.SetResult();
        var rest = await stream.ReadAtLeastAsync(received.AsMemory(first), expected.Length - first, throwOnEndOfStream: false);

        Assert.Equal(expected.Length, first + rest);
        Assert.Equal(expected, received);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task ProviderCutAfterItsHeaders_BeforeAnyAudio_FailsOver()
    {
        _upstreams["a"].Script(FakeResponse.WithFault(FakeFault.CloseBeforeFirstToken));
        await using var gateway = await StartGatewayAsync();

        using var response = await gateway.Client.SendAsync(Speech());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Equal(FakeUpstreamServer.SpeechAudio(3), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ProviderBreakingMidAudio_CutsTheClientsResponse()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 4, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 2 };
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_B_ENABLED", "false")));

        using var response = await gateway.Client.SendAsync(Speech(), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        // Two chunks went out; then the connection is aborted, so the client cannot take them for the whole audio.
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal(1, _upstreams["a"].RequestCount);
    }
}
