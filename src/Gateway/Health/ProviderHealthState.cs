using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>
/// One provider's health: time-decayed success and failure counts, latency and time-to-first-token averages,
/// consecutive failures and the circuit. Pure state machine: the caller passes the time and holds <see cref="Gate"/>.
/// It also keeps the outcomes not yet shared (<see cref="TakePending"/>) and can adopt the merged view of all
/// replicas (<see cref="AdoptShared"/>, <see cref="AdoptCircuit"/>).
/// </summary>
internal sealed partial class ProviderHealthState(string provider, HealthOptions options)
{
    private const double LatencyWeight = 0.2;

    private double _successes;
    private double _failures;
    private DateTimeOffset _decayedAt;

    // NaN until known; plain doubles so that readers outside the gate never see a torn value.
    private double _latencyMs = double.NaN;
    private double _firstTokenMs = double.NaN;
    private int _consecutiveFailures;
    private CircuitState _circuit;
    private DateTimeOffset _openUntil;
    private TimeSpan _cooldown = options.OpenCooldown;
    private DateTimeOffset _circuitChangedAt;
    private bool _probeInFlight;
    private DateTimeOffset _coolingUntil;
    private long _requests;
    private long _errors;
    private DateTimeOffset? _lastUsed;
    private bool _shared;

    /// <summary>Guards every member; held only for a few arithmetic operations.</summary>
    public Lock Gate { get; } = new();

    public string Provider => provider;

    public double LatencyMs => Volatile.Read(ref _latencyMs);

    /// <summary>The latency and time-to-first-token averages, read without the gate (each a single atomic read).</summary>
    public ProviderSpeed Speed => new(NaNToNull(Volatile.Read(ref _latencyMs)), NaNToNull(Volatile.Read(ref _firstTokenMs)));

    /// <summary>When the circuit last opened or closed (by this replica or, adopted, by another).</summary>
    public DateTimeOffset CircuitChangedAt => _circuitChangedAt;

    public CircuitState Circuit => _circuit;

    public DateTimeOffset OpenUntil => _openUntil;

    public TimeSpan Cooldown => _cooldown;

    /// <summary>
    /// When set (shared store, Redis reachable), a half-open probe also needs <see cref="ProbeGrantedUntil"/>
    /// in the future: the cluster-wide lock that lets one replica at a time probe.
    /// </summary>
    public bool ProbeNeedsGrant { get; set; }

    public DateTimeOffset ProbeGrantedUntil { get; set; }

    /// <summary>Whether this replica's probe is running now (its grant must be released when it ends).</summary>
    public bool ProbeInFlight => _probeInFlight;

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

        return _circuit == CircuitState.HalfOpen && !CanProbe(now)
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
            if (!CanProbe(now))
            {
                return false;
            }

            _probeInFlight = true;
        }

        _requests++;
        _pendingRequests++;
        _lastUsed = now;
        return true;
    }

    /// <summary>
    /// Counts an attempt's outcome. A failed active probe (<see cref="AttemptOutcome.Probe"/>) opens a closed circuit at
    /// once: it is a direct check of an idle provider, run once an interval, not one request among many.
    /// </summary>
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
            _pendingSuccesses += 1;
            _consecutiveFailures = 0;
            if (!outcome.Probe)
            {
                AddLatency(outcome); // a model list's speed says nothing about a completion's
            }

            if (_circuit != CircuitState.Closed)
            {
                (_circuit, _cooldown, _circuitChangedAt) = (CircuitState.Closed, options.OpenCooldown, now);
            }

            return;
        }

        _failures += 1;
        _pendingFailures += 1;
        _errors++;
        _pendingErrors++;
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
        else if (_circuit == CircuitState.Closed && (_consecutiveFailures >= options.FailureThreshold || outcome.Probe))
        {
            Open(now, outcome.RetryAfter);
        }
    }

    public ProviderHealthSnapshot Snapshot(DateTimeOffset now, double bestLatencyMs)
    {
        var score = Score(now, bestLatencyMs);
        AdvanceCircuit(now);
        var total = _successes + _failures;
        return new ProviderHealthSnapshot(
            provider, score, _circuit,
            _circuit == CircuitState.Open ? _openUntil : null,
            _coolingUntil > now ? _coolingUntil : null,
            _successes, _failures, total > 0 ? _successes / total : null,
            NaNToNull(_latencyMs), NaNToNull(_firstTokenMs), _consecutiveFailures, _requests, _errors, _lastUsed,
            _shared ? "shared" : "local");
    }

    /// <summary>
    /// Reliability (successes over all outcomes, with one success of prior so a new provider scores 1)
    /// times a latency factor that only falls for a provider over twice as slow as the best one (and over 2 s).
    /// </summary>
    private double Score(DateTimeOffset now, double bestLatencyMs)
    {
        Decay(now);
        var reliability = (_successes + 1) / (_successes + _failures + 1);
        var latency = 1.0;
        if (!double.IsNaN(_latencyMs) && bestLatencyMs > 0)
        {
            // LLM calls take seconds: below one second differences are noise (and a cold first request must not
            // tilt the rotation), so slowness is measured against at least one second.
            var slowness = _latencyMs / Math.Max(bestLatencyMs, 1000);
            latency = slowness <= 2 ? 1 : Math.Max(0.5, 2 / slowness);
        }

        return Math.Clamp(reliability * latency, 0.01, 1);
    }

    private bool CanProbe(DateTimeOffset now) => !_probeInFlight && (!ProbeNeedsGrant || ProbeGrantedUntil > now);

    private void AddLatency(AttemptOutcome outcome)
    {
        var sample = outcome.Latency.TotalMilliseconds;
        Volatile.Write(ref _latencyMs, double.IsNaN(_latencyMs) ? sample : _latencyMs + (LatencyWeight * (sample - _latencyMs)));
        _pendingLatencySum += sample;
        _pendingLatencyCount++;
        if (outcome.FirstToken is { } firstToken)
        {
            var ttft = firstToken.TotalMilliseconds;
            Volatile.Write(ref _firstTokenMs, double.IsNaN(_firstTokenMs) ? ttft : _firstTokenMs + (LatencyWeight * (ttft - _firstTokenMs)));
            _pendingFirstTokenSum += ttft;
            _pendingFirstTokenCount++;
        }
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
        _circuitChangedAt = now;
    }

    private void AdvanceCircuit(DateTimeOffset now)
    {
        if (_circuit == CircuitState.Open && now >= _openUntil)
        {
            _circuit = CircuitState.HalfOpen;
            _probeInFlight = false;
        }
    }

    private static double? NaNToNull(double value) => double.IsNaN(value) ? null : value;
}
