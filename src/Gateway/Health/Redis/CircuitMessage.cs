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
        if (parts.Length != 6 || !TryDecode(parts[2], out var state)
            || !long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var openUntil)
            || !long.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var cooldown)
            || !long.TryParse(parts[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var changedAt)
            || openUntil < 0 || cooldown < 0 || changedAt <= 0 || changedAt > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        message = new CircuitMessage(parts[0], parts[1], state, DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(openUntil, 253402300799999)),
            TimeSpan.FromMilliseconds(cooldown), DateTimeOffset.FromUnixTimeMilliseconds(changedAt));
        return true;
    }
}
