using Gateway.Usage;

namespace Gateway.Outcomes;

/// <summary>Tokens and cost of served responses (a served response without usage is counted as missing).</summary>
internal sealed class UsageSubscriber(UsageRecorder usage) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.End == AttemptEnd.Served)
        {
            usage.Record(record.Provider, record.Model, record.ModelLabel, record.Usage);
        }
    }
}
