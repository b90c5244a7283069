using System.Diagnostics;
using Gateway.Endpoints;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Security;

/// <summary>Clients that declare a large body and send it slowly (or never) cannot make the gateway hold memory for it.</summary>
// Alone: the buffer account it reads is process-wide, and every other test's bodies would count in it.
[Collection(AloneCollection.Name)]
public sealed class SlowBodyTests
{
    private const int Connections = 24;

    [Fact]
    public async Task DeclaredLargeBody_FewBytesSent_HoldsOnlyASmallBufferPerConnection()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());
        var sockets = new List<RawConnection>();
        try
        {
            var before = RequestBodyReader.Buffers.Buffers;
            for (var i = 0; i < Connections; i++)
            {
                var socket = await RawConnection.OpenAsync(gateway.Root);
                sockets.Add(socket);
                await socket.SendAsync("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 4000000\r\n\r\n{\"model\":");
            }

            // Bounded wait until every connection's body is being read (other tests may hold a few small buffers too).
            var clock = Stopwatch.StartNew();
            while (RequestBodyReader.Buffers.Buffers - before < Connections && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            var held = RequestBodyReader.Buffers.Bytes;
            var scraped = (await MetricsText.ScrapeAsync(gateway.Client))["gateway_request_body_buffer_bytes"];

            Assert.True(RequestBodyReader.Buffers.Buffers - before >= Connections, $"only {RequestBodyReader.Buffers.Buffers - before} bodies are being read");

            // Renting at the declared length held 24 x 4 MiB = 96 MiB here; growing with the data holds 24 x 16 KiB.
            Assert.True(held < Connections * 64 * 1024, $"{held} bytes held for {Connections} connections that sent 9 bytes each");
            Assert.True(scraped < Connections * 64 * 1024, $"gateway_request_body_buffer_bytes is {scraped}");
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }
}
