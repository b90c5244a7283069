namespace Gateway.Outcomes;

/// <summary>Hands each record to every subscriber, in registration order; the subscribers are a fixed array built once.</summary>
internal sealed class AttemptOutcomeSink(IEnumerable<IAttemptOutcomeSubscriber> subscribers) : IAttemptOutcomeSink
{
    private readonly IAttemptOutcomeSubscriber[] _subscribers = [.. subscribers];

    public void Record(in AttemptRecord record)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.OnAttempt(in record);
        }
    }
}
