using Gateway.Health;

namespace Gateway.Outcomes;

/// <summary>Feeds the provider's health; every attempt began with <see cref="IHealthStore.TryBeginAttempt"/>, so every one is recorded.</summary>
internal sealed class HealthSubscriber(IHealthStore health) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record) => health.Record(record.Provider, AttemptLabels.Health(in record));
}
