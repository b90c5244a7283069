using Gateway.Health;
using Gateway.Outcomes;

namespace Gateway.Tests.Outcomes;

/// <summary>One record, every subscriber's view of it: a new kind is a row here and in the tables, nowhere else.</summary>
public sealed class AttemptLabelsTests
{
    [Fact]
    public void FailureKinds_EveryKind_HasAReasonAnErrorTypeAndADescription()
    {
        foreach (var kind in Enum.GetValues<FailureKind>())
        {
            Assert.False(string.IsNullOrEmpty(FailureKinds.Reason(kind)), kind.ToString());
            Assert.False(string.IsNullOrEmpty(FailureKinds.ErrorType(kind)), kind.ToString());
            Assert.False(string.IsNullOrEmpty(FailureKinds.Describe(kind)), kind.ToString());
        }
    }

    [Theory]
    [InlineData("Served", "None", "success", null, "Success")]
    [InlineData("PassedBack", "None", "client_error", "4xx", "Success")]
    [InlineData("ContextLength", "ContextLength", "context_length", "4xx", "Success")]
    [InlineData("Failed", "RateLimited", "rate_limited", "429", "Failure")]
    [InlineData("Failed", "Credential", "credential", "credential", "Failure")]
    [InlineData("Truncated", "IdleTimeout", "idle_timeout", "stream_aborted", "Failure")]
    [InlineData("Truncated", "StreamError", "stream_truncated", "stream_aborted", "Failure")]
    [InlineData("ClientGone", "None", "client_cancelled", "client_cancelled", "Abandoned")]
    public void TryGet_MeasuredEnds_GiveTheOutcomeErrorTypeAndHealthVerdict(string end, string failure, string outcome, string? errorType, string health)
    {
        var record = Record(Enum.Parse<AttemptEnd>(end), Enum.Parse<FailureKind>(failure));

        Assert.True(AttemptLabels.TryGet(record, out var actualOutcome, out var actualErrorType));
        Assert.Equal((outcome, errorType), (actualOutcome, actualErrorType));
        Assert.Equal(Enum.Parse<OutcomeKind>(health), AttemptLabels.Health(record).Kind);
    }

    [Theory]
    [InlineData("Unsupported")]
    [InlineData("Abandoned")]
    public void TryGet_UnmeasuredEnds_AreNotCountedAndReleaseWithoutJudging(string end)
    {
        var record = Record(Enum.Parse<AttemptEnd>(end), FailureKind.None);

        Assert.False(AttemptLabels.TryGet(record, out _, out _));
        Assert.Equal(OutcomeKind.Abandoned, AttemptLabels.Health(record).Kind);
    }

    [Fact]
    public void Health_Truncated_CountsAsATruncatedStreamWhateverTheCause()
    {
        var outcome = AttemptLabels.Health(Record(AttemptEnd.Truncated, FailureKind.IdleTimeout));

        Assert.Equal((OutcomeKind.Failure, FailureKind.StreamTruncated), (outcome.Kind, outcome.Failure));
    }

    [Fact]
    public void Sink_Record_ReachesEverySubscriberOnceInOrder()
    {
        var seen = new List<string>();
        var sink = new AttemptOutcomeSink([new Subscriber("health", seen), new Subscriber("metrics", seen)]);

        sink.Record(Record(AttemptEnd.Served, FailureKind.None));

        Assert.Equal(["health", "metrics"], seen);
    }

    private static AttemptRecord Record(AttemptEnd end, FailureKind failure) =>
        new(end, failure, "a", "m", "m", 1, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), null, null, null, false, false, "r", null, null, null);

    private sealed class Subscriber(string name, List<string> seen) : IAttemptOutcomeSubscriber
    {
        public void OnAttempt(in AttemptRecord record) => seen.Add(name);
    }
}
