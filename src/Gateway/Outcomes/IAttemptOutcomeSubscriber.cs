namespace Gateway.Outcomes;

/// <summary>One consumer of attempt records (health, usage, metrics, traces, logs, the access log); registered in one line.</summary>
internal interface IAttemptOutcomeSubscriber
{
    void OnAttempt(in AttemptRecord record);
}
