using System.Globalization;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>A circuit transition as published on the channel: <c>replica|provider|state|openUntilMs|cooldownMs|changedAtMs</c>.</summary>
internal readonly record struct CircuitMessage(string Replica, string Provider, CircuitState State, DateTimeOffset OpenUntil, TimeSpan Cooldown, DateTimeOffset ChangedAt)
{
    public static string Encode(CircuitState state) => state == CircuitState.Open ? "open" : "closed";

    public static bool TryDecode(string value, out CircuitState state)
    {
        (var ok, state) = value switch
        {
            "open" => (true, CircuitState.Open),
            "closed" => (true, CircuitState.Closed),
            _ => (false, CircuitState.Closed),
        };
        return ok;
    }

    public static string Format(string replica, string provider, string state, long openUntil, long cooldown, long changedAt) =>
        string.Join('|', replica, provider, state, openUntil.ToString(CultureInfo.InvariantCulture), cooldown.ToString(CultureInfo.InvariantCulture), changedAt.ToString(CultureInfo.InvariantCulture));

    public static bool TryParse(RedisValue value, out CircuitMessage message)
    {
        message = default;
        var parts = ((string?)value ?? "").Split('|');
        if (parts.Length != 6 || !TryDecode(parts[2], out var state) || !TryParseTimes(parts[3], parts[4], parts[5], out var openUntil, out var cooldown, out var changedAt))
        {
            return false;
        }

        message = new CircuitMessage(parts[0], parts[1], state, openUntil, cooldown, changedAt);
        return true;
    }

    /// <summary>
    /// Reads the three times of a transition (unix ms, as published and as stored): false unless each is a
    /// number a date or duration can hold. Bounds relative to now are applied on adoption.
    /// </summary>
    public static bool TryParseTimes(string? openUntilMs, string? cooldownMs, string? changedAtMs, out DateTimeOffset openUntil, out TimeSpan cooldown, out DateTimeOffset changedAt)
    {
        (openUntil, cooldown, changedAt) = (default, default, default);
        if (!long.TryParse(openUntilMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var until)
            || !long.TryParse(cooldownMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var wait)
            || !long.TryParse(changedAtMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var changed)
            || until < 0 || wait < 0 || wait > MaxMilliseconds || changed <= 0 || changed > MaxUnixMilliseconds)
        {
            return false;
        }

        (openUntil, cooldown, changedAt) = (DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(until, MaxUnixMilliseconds)), TimeSpan.FromMilliseconds(wait), DateTimeOffset.FromUnixTimeMilliseconds(changed));
        return true;
    }

    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static readonly long MaxMilliseconds = (long)TimeSpan.MaxValue.TotalMilliseconds;
}
