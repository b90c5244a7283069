namespace Gateway.Accounts.Keys;

/// <summary>
/// Tunables of managed client keys (<c>Gateway:Keys</c>): how long a rotated key keeps working
/// (<c>RotationGraceSeconds</c>, default 24 h; <c>?grace_seconds=</c> on the rotate call overrides it) and how often
/// last-used times are written to the store (<c>LastUsedFlushSeconds</c>, default 10 s; also at shutdown).
/// </summary>
public sealed record ClientKeysOptions
{
    public TimeSpan RotationGrace { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan LastUsedFlushInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest grace a rotate call may ask for.</summary>
    public static readonly TimeSpan MaxRotationGrace = TimeSpan.FromDays(30);
}
