using System.Net;
using System.Text;
using Gateway.Endpoints;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// Every request body the gateway reads goes back to its pool when the request is done, however it ends: served (a
/// stream, a JSON answer, Gemini's surface), refused before dispatch (invalid JSON, an invalid form) or by the
/// pipeline (an unknown provider pinned), or read slowly in pieces. The dispatch pipeline owns the body once an endpoint hands
/// it over (the endpoint keeps no state machine of its own for it), so a path that forgets it leaks a pooled buffer.
/// </summary>
// Alone: the buffer account is process-wide, and every other test's bodies would count in it.
[Collection(AloneCollection.Name)]
public sealed class BodyBufferReturnTests
{
    [Fact]
    public async Task EveryWayARequestEnds_ReturnsItsBodyBuffer()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());
        var before = RequestBodyReader.Buffers.Buffers;
        var beforeBytes = RequestBodyReader.Buffers.Bytes;

        using (var stream = await gateway.Client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Contains("[DONE]", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var json = await gateway.Client.SendAsync(Http.Chat()))
        {
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        }

        using (var unknown = await gateway.Client.SendAsync(Http.Chat(provider: "no-such-provider")))
        {
            Assert.True((int)unknown.StatusCode is >= 400 and < 500, $"an unknown provider answered {(int)unknown.StatusCode}");
        }

        using (var invalid = await gateway.Client.PostAsync("/v1/chat/completions", new StringContent("{\"model\":", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        var form = new MultipartFormDataContent { { new StringContent("whisper-1"), "model" } }; // no file part
        using (var invalidForm = await gateway.Client.PostAsync("/v1/audio/transcriptions", form))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalidForm.StatusCode);
        }

        var gemini = new StringContent("""{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}""", Encoding.UTF8, "application/json");
        using (var generated = await gateway.Client.PostAsync("/v1beta/models/smart:generateContent", gemini))
        {
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        }

        // A body that arrives in two pieces: the endpoint's read completes after the call returned (its slow path).
        Assert.Equal(before, RequestBodyReader.Buffers.Buffers);
        using (var socket = await RawConnection.OpenAsync(gateway.Root))
        {
            const string Body = """{"model":"smart","messages":[{"role":"user","content":"Hi"}]}""";
            await socket.SendAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n{Body[..10]}");
            await Eventually.TrueAsync(() => RequestBodyReader.Buffers.Buffers > before, because: () => "the gateway never started reading the first piece");
            await socket.SendAsync(Body[10..]);
            Assert.StartsWith("HTTP/1.1 200", await socket.ReadResponseAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        }

        await Eventually.TrueAsync(() => RequestBodyReader.Buffers.Buffers == before && RequestBodyReader.Buffers.Bytes == beforeBytes,
            because: () => $"{RequestBodyReader.Buffers.Buffers - before} body buffer(s), {RequestBodyReader.Buffers.Bytes - beforeBytes} bytes, still held after every request ended");
    }
}
