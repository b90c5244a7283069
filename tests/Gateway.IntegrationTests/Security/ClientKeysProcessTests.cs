using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// The real gateway process in Production with the shipped appsettings.json: every documented way to give client
/// keys enforces them (the file once masked the indexed and JSON-array forms, leaving /v1 open).
/// </summary>
public sealed class ClientKeysProcessTests : IAsyncLifetime
{
    private FakeUpstreamServer _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstreamServer.StartAsync("fake");

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    public static TheoryData<string> Forms() => ["comma", "indexed", "json-array", "ai-variable"];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task EveryDocumentedForm_EnforcesClientKeys(string form)
    {
        var config = Path.Combine(Path.GetTempPath(), $"gateway-keys-{Guid.NewGuid():N}.json");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AI_FAKE_URL"] = _upstream.BaseUrl,
            ["AI_FAKE_SMART"] = "fake-model",
        };
        switch (form)
        {
            case "comma":
                environment["Gateway__ClientKeys"] = "gw-key-one,gw-key-two";
                break;
            case "indexed":
                (environment["Gateway__ClientKeys__0"], environment["Gateway__ClientKeys__1"]) = ("gw-key-one", "gw-key-two");
                break;
            case "json-array":
                await File.WriteAllTextAsync(config, """{"Gateway":{"ClientKeys":["gw-key-one","gw-key-two"]}}""");
                environment["GATEWAY_CONFIG"] = config;
                break;
            default:
                environment["AI_CLIENT_KEYS"] = "gw-key-one,gw-key-two";
                break;
        }

        try
        {
            await using var gateway = GatewayProcess.Start(environment);
            await gateway.WaitUntilUpAsync();

            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.SendAsync(Http.Chat(bearer: null))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.SendAsync(Http.Chat(bearer: "gw-key-three"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(Http.Chat(bearer: "gw-key-two"))).StatusCode);
            Assert.Contains("Client keys: 2 configured", gateway.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("gw-key-two", gateway.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
