using System.Net;
using Gateway.Buffers;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Outcomes;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Forwarding;

/// <summary>Every attempt ends in exactly one record, whatever ends it; what it held (the bulkhead slot) is released.</summary>
public sealed class AttemptRunnerTests
{
    private readonly CapturingSink _sink = new();
    private readonly ProviderConcurrency _concurrency = new(new Gateway.Queueing.RequestQueue(new Gateway.Configuration.GatewayOptions { Providers = [] }, TimeProvider.System));
    private int _sends;

    [Fact]
    public async Task RunAsync_SenderThrows_EndsInOneAbandonedRecordAndReleasesTheSlot()
    {
        var (runner, state) = CreateSut(_ => throw new InvalidOperationException("a bug in the gateway"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(state, CancellationToken.None).AsTask());

        var record = Assert.Single(_sink.Records);
        Assert.Equal((AttemptEnd.Abandoned, "a", 1), (record.End, record.Provider, record.Attempt));
        Assert.Equal(0, _concurrency.InFlight("a"));
        Assert.Equal(OutcomeKind.Abandoned, AttemptLabels.Health(record).Kind);
    }

    [Fact]
    public async Task RunAsync_ServerError_EndsInOneFailedRecordAndIsRetryable()
    {
        var (runner, state) = CreateSut(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var result = await runner.RunAsync(state, CancellationToken.None);

        Assert.Equal(AttemptResult.Retryable, result);
        var record = Assert.Single(_sink.Records);
        Assert.Equal((AttemptEnd.Failed, FailureKind.ServerError, 503, false), (record.End, record.Failure, record.Status, record.Committed));
        Assert.Equal(["a (HTTP 503)"], state.Failures);
        Assert.Equal(0, _concurrency.InFlight("a"));
    }

    [Fact]
    public async Task RunAsync_DeadlineAlreadyPassed_StartsNoAttempt()
    {
        var (runner, state) = CreateSut(_ => new HttpResponseMessage(HttpStatusCode.OK));

        var result = await runner.RunAsync(state, new CancellationToken(canceled: true));

        Assert.Equal(AttemptResult.Exhausted, result);
        Assert.True(state.DeadlinePassed);
        Assert.Empty(_sink.Records);
        Assert.Equal((0, 0), (_sends, state.Attempts));
    }

    private (AttemptRunner Runner, ForwardingState State) CreateSut(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        // One attempt per pass: same-provider retries (SameProviderRetry) are off here and tested over sockets.
        var options = TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Retry:SameProvider"] = "0" }, new Dictionary<string, string?> { ["AI_A_URL"] = "http://127.0.0.1:9/v1", ["AI_A_KEY"] = "k" });
        var resolver = TestOptions.Resolver(options);
        var time = new ManualClock();
        var client = new HttpMessageInvoker(new Handler(request =>
        {
            _sends++;
            return answer(request);
        }));
        var metrics = new GatewayMetrics();
        var continuations = new StreamContinuations(options, metrics, NullLogger<StreamContinuations>.Instance);
        var sender = new AttemptSender(new Gateway.Outbound.UpstreamClients(client, client), new HopMarker(options), time, new JsonResponseWriter(),
            new SseResponseWriter(continuations, NullLogger<SseResponseWriter>.Instance), new RejectedResponseWriter(), continuations, metrics);
        var health = new InMemoryHealthStore(options.Health, time);
        var runner = new AttemptRunner(health, _concurrency, metrics, sender, new SameProviderRetry(options, health, time),
            new FirstTokenHedging(options, new Gateway.Stats.ReplicaStats(time), metrics, time, NullLogger<FirstTokenHedging>.Instance), _sink, time, NullLogger<AttemptRunner>.Instance);

        var body = new PooledBuffer(256);
        body.Append("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8);
        Assert.True(ChatCompletionsOperation.Instance.TryParse(body.Span, out var envelope, out _));
        var request = new GatewayRequest(new DefaultHttpContext(), body, envelope, ChatCompletionsOperation.Instance, new RequestRecord()) { Table = resolver.Table };
        var candidate = new Candidate(TestOptions.Catalog(options).Enabled.Single(), "m");
        return (runner, new ForwardingState(request, new AttemptPlan([candidate], 1, DateTimeOffset.MaxValue, BlockReason.None)));
    }

    private sealed class CapturingSink : IAttemptOutcomeSink
    {
        public List<AttemptRecord> Records { get; } = [];

        public void Record(in AttemptRecord record) => Records.Add(record);
    }

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
