using System.Collections.Concurrent;
using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Outcomes;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>Through the running gateway: every attempt ends in exactly one record, and a subscriber is one registration.</summary>
public sealed class AttemptRecordTests : IAsyncLifetime
{
    private readonly Recorder _recorder = new();
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync() =>
        GatewayHost.StartAsync(_upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")),
            services: s => s.AddSingleton<IAttemptOutcomeSubscriber>(_recorder));

    [Fact]
    public async Task Failover_OneFailedRecordThenOneServedRecord()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        await using var gateway = await StartGatewayAsync();

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Collection(_recorder.Records,
            a => Assert.Equal(("a", 1, AttemptEnd.Failed, FailureKind.ServerError, 500, false), (a.Provider, a.Attempt, a.End, a.Failure, a.Status, a.Committed)),
            b =>
            {
                Assert.Equal(("b", 2, AttemptEnd.Served, true, "b-smart"), (b.Provider, b.Attempt, b.End, b.Committed, b.Model));
                Assert.NotNull(b.Usage);
                Assert.Null(b.FirstToken);
            });
    }

    [Fact]
    public async Task Stream_OneServedRecordWithFirstTokenAndTheUsageTheGatewayAskedFor()
    {
        await using var gateway = await StartGatewayAsync();

        var (_, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        var record = Assert.Single(_recorder.Records);
        Assert.Equal((AttemptEnd.Served, true, true), (record.End, record.Stream, record.Committed));
        Assert.NotNull(record.FirstToken);
        Assert.NotNull(record.Usage);
        Assert.DoesNotContain("\"usage\"", body, StringComparison.Ordinal);
    }

    private sealed class Recorder : IAttemptOutcomeSubscriber
    {
        private readonly ConcurrentQueue<AttemptRecord> _records = new();

        public IReadOnlyList<AttemptRecord> Records => [.. _records];

        public void OnAttempt(in AttemptRecord record) => _records.Enqueue(record);
    }
}
