namespace Gateway.Outcomes;

/// <summary>Where every upstream attempt reports how it ended: exactly once per attempt, whatever happened.</summary>
internal interface IAttemptOutcomeSink
{
    void Record(in AttemptRecord record);
}
