using System.Globalization;
using Gateway.FakeUpstream;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Property tests of the ingress against a real gateway over real sockets: random and mutated bodies, headers,
/// paths and methods (see <see cref="IngressGen"/>), checked against <see cref="IngressInvariants"/>. Bounded in
/// count and time for CI; a failure prints CsCheck's seed and the smallest failing request it found.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class IngressFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnyRequest_HealthyUpstreams_NoServerErrorNoBypassAndOpenAIErrors()
    {
        await using var gateway = await FuzzGateway.StartAsync();

        await FuzzRun.SampleAsync(gateway, IngressGen.Any, iterations: 600, TimeSpan.FromSeconds(40), output.WriteLine,
            request => response => IngressInvariants.Violations(request, response, upstreamsFailing: false));
    }

    [Fact]
    public async Task AnyRequest_ResponsesMessagesAndMultipart_NoServerErrorNoBypassAndErrorBodies()
    {
        await using var gateway = await FuzzGateway.StartAsync();

        await FuzzRun.SampleAsync(gateway, IngressGen.Surfaces, iterations: 500, TimeSpan.FromSeconds(40), output.WriteLine,
            request => response => IngressInvariants.Violations(request, response, upstreamsFailing: false));
    }

    [Fact]
    public async Task RequestWithoutKey_AnyV1OrAdminSpelling_IsNever2xx()
    {
        await using var gateway = await FuzzGateway.StartAsync();

        await FuzzRun.SampleAsync(gateway, IngressGen.WithoutKey, iterations: 300, TimeSpan.FromSeconds(15), output.WriteLine,
            request => response => [.. IngressInvariants.Violations(request, response, upstreamsFailing: false).Where(v => v.Contains("bypass", StringComparison.Ordinal))]);
    }

    [Fact]
    public async Task AnyRequest_FailingUpstreams_Only502Or503WithOpenAIErrors()
    {
        await using var gateway = await FuzzGateway.StartAsync(keepCircuitsClosed: false);
        var faults = new[] { FakeResponse.WithStatus(500), FakeResponse.WithFault(FakeFault.DropConnection), FakeResponse.WithStatus(529) };
        foreach (var (fake, fault) in gateway.Fakes.Zip(faults))
        {
            fake.Default = fault;
        }

        await FuzzRun.SampleAsync(gateway, IngressGen.Any, iterations: 250, TimeSpan.FromSeconds(20), output.WriteLine,
            request => response => IngressInvariants.Violations(request, response, upstreamsFailing: true));
    }

    [Fact]
    public async Task AfterAFuzzRun_GatewayAnswers_AndMetricsStayBounded()
    {
        await using var gateway = await FuzzGateway.StartAsync();
        var before = await MetricsAsync(gateway);

        await FuzzRun.SampleAsync(gateway, IngressGen.Any, iterations: 400, TimeSpan.FromSeconds(20), output.WriteLine, check: null);

        var (health, healthBody) = await Infrastructure.Http.ExchangeAsync(gateway.Host.Client, new HttpRequestMessage(HttpMethod.Get, "/healthz"));
        var after = await MetricsAsync(gateway);
        output.WriteLine($"/metrics: {before.Length} lines before, {after.Length} after; longest line {after.Max(l => l.Length)} chars");
        Assert.Equal((System.Net.HttpStatusCode.OK, "{\"status\":\"ok\"}"), (health.StatusCode, healthBody));
        Assert.True(after.Length < 2000, $"/metrics has {after.Length} lines after the run (from {before.Length}): a label takes client input");
        Assert.True(after.Max(l => l.Length) < 1024, "a /metrics line is over 1 KiB: a label takes client input");
        var inFlight = after.Where(l => l.StartsWith("gateway_upstream_in_flight", StringComparison.Ordinal)).ToList();
        Assert.All(inFlight, l => Assert.Equal(0, double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)));
    }

    private static async Task<string[]> MetricsAsync(FuzzGateway gateway) =>
        (await gateway.Host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
