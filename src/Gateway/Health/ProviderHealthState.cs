using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>
/// One provider's health: time-decayed success and failure counts, a latency average, consecutive
/// failures and the circuit. Pure state machine: the caller passes the time and holds <see cref="Gate"/>.
/// </summary>
internal sealed class ProviderHealthState(string provider, HealthOptions options)
{
    private const double LatencyWeight = 0.2;

    private double _successes;
    private double _failures;
    private DateTimeOffset _decayedAt;
    private double _latencyMs = double.NaN; // NaN until the first success; a plain double so readers never see it torn
    private int _consecutiveFailures;
    private CircuitState _circuit;
    private DateTimeOffset _openUntil;
    private TimeSpan _cooldown = options.OpenCooldown;
    private bool _probeInFlight;
    private DateTimeOffset _coolingUntil;
    private long _requests;
    private long _errors;
    private DateTimeOffset? _lastUsed;

    /// <summary>Guards every member; held only for a few arithmetic operations.</summary>
    public Lock Gate { get; } = new();

    public string Provider => provider;

    public double LatencyMs => Volatile.Read(ref _latencyMs);

    public ProviderAvailability GetAvailability(DateTimeOffset now, double bestLatencyMs)
    {
        var score = Score(now, bestLatencyMs);
        AdvanceCircuit(now);
        if (_circuit == CircuitState.Open)
        {
            return new(false, score, _openUntil, BlockReason.CircuitOpen);
        }

        if (_coolingUntil > now)
        {
            return new(false, score, _coolingUntil, BlockReason.RateLimited);
        }

        return _circuit == CircuitState.HalfOpen && _probeInFlight
            ? new(false, score, now, BlockReason.ProbeInFlight)
            : new(true, score, default, BlockReason.None);
    }

    public bool TryBeginAttempt(DateTimeOffset now)
    {
        AdvanceCircuit(now);
        if (_circuit == CircuitState.Open || _coolingUntil > now)
        {
            return false;
        }

        if (_circuit == CircuitState.HalfOpen)
        {
            if (_probeInFlight)
            {
                return false;
            }

            _probeInFlight = true;
        }

        _requests++;
        _lastUsed = now;
        return true;
    }

    public void Record(AttemptOutcome outcome, DateTimeOffset now)
    {
        _probeInFlight = false;
        if (outcome.Kind == OutcomeKind.Abandoned)
        {
            return;
        }

        Decay(now);
        if (outcome.Kind == OutcomeKind.Success)
        {
            _successes += 1;
            _consecutiveFailures = 0;
            var sample = outcome.Latency.TotalMilliseconds;
            Volatile.Write(ref _latencyMs, double.IsNaN(_latencyMs) ? sample : _latencyMs + (LatencyWeight * (sample - _latencyMs)));
            _circuit = CircuitState.Closed;
            _cooldown = options.OpenCooldown;
            return;
        }

        _failures += 1;
        _errors++;
        _consecutiveFailures++;
        if (outcome.RetryAfter is { } retryAfter && now + retryAfter > _coolingUntil)
        {
            _coolingUntil = now + retryAfter;
        }

        if (_circuit == CircuitState.HalfOpen)
        {
            // The probe failed: reopen with a longer cooldown.
            _cooldown = TimeSpan.FromTicks(Math.Min(_cooldown.Ticks * 2, options.MaxCooldown.Ticks));
            Open(now, outcome.RetryAfter);
        }
        else if (_circuit == CircuitState.Closed && _consecutiveFailures >= options.FailureThreshold)
        {
            Open(now, outcome.RetryAfter);
        }
    }

    public ProviderHealthSnapshot Snapshot(DateTimeOffset now, double bestLatencyMs)
    {
        var score = Score(now, bestLatencyMs);
        AdvanceCircuit(now);
        return new ProviderHealthSnapshot(
            provider, score, _circuit,
            _circuit == CircuitState.Open ? _openUntil : null,
            _coolingUntil > now ? _coolingUntil : null,
            _successes, _failures, double.IsNaN(_latencyMs) ? null : _latencyMs, _consecutiveFailures, _requests, _errors, _lastUsed);
    }

    /// <summary>
    /// Reliability (successes over all outcomes, with one success of prior so a new provider scores 1)
    /// times a latency factor that only falls for a provider well over twice as slow as the best one.
    /// </summary>
    private double Score(DateTimeOffset now, double bestLatencyMs)
    {
        Decay(now);
        var reliability = (_successes + 1) / (_successes + _failures + 1);
        var latency = 1.0;
        if (!double.IsNaN(_latencyMs) && bestLatencyMs > 0)
        {
            var slowness = _latencyMs / Math.Max(bestLatencyMs, 100);
            latency = slowness <= 2 ? 1 : Math.Max(0.5, 2 / slowness);
        }

        return Math.Clamp(reliability * latency, 0.01, 1);
    }

    private void Decay(DateTimeOffset now)
    {
        if (_decayedAt == default)
        {
            _decayedAt = now;
            return;
        }

        var elapsed = now - _decayedAt;
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        var factor = Math.Pow(0.5, elapsed / options.HalfLife);
        _successes *= factor;
        _failures *= factor;
        _decayedAt = now;
    }

    private void Open(DateTimeOffset now, TimeSpan? retryAfter)
    {
        _circuit = CircuitState.Open;
        var cooldown = retryAfter is { } r && r > _cooldown ? r : _cooldown;
        _openUntil = now + cooldown;
    }

    private void AdvanceCircuit(DateTimeOffset now)
    {
        if (_circuit == CircuitState.Open && now >= _openUntil)
        {
            _circuit = CircuitState.HalfOpen;
            _probeInFlight = false;
        }
    }
}
