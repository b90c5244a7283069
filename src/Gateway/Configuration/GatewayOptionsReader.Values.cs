using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>Typed value parsing: each failure becomes an error naming the setting, never an exception.</summary>
internal sealed partial class GatewayOptionsReader
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ProviderNamePattern();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Error(IConfigurationSection section, string key, string message)
    {
        var path = key.Length == 0 ? section.Path : ConfigurationPath.Combine(section.Path, key);
        _errors.Add($"{origins.Describe(path)}: {message}");
    }

    private bool ReadBool(IConfigurationSection section, string key, bool fallback)
    {
        var raw = Blank(section[key]);
        if (raw is null)
        {
            return fallback;
        }

        switch (raw.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                Error(section, key, $"'{raw}' is not true or false");
                return fallback;
        }
    }

    private int ReadInt(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var raw = Blank(section[key]);
        if (raw is null)
        {
            return fallback;
        }

        // Whole numbers may arrive in float notation (Helm renders large integers as 4.194304e+06).
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)real;
        }
        else if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            Error(section, key, $"'{raw}' is not a whole number from {min} to {max}");
            return fallback;
        }

        if (value < min || value > max)
        {
            Error(section, key, $"'{raw}' is not a whole number from {min} to {max}");
            return fallback;
        }

        return value;
    }

    private double ReadDouble(IConfigurationSection section, string key, double fallback)
    {
        var raw = Blank(section[key]);
        if (raw is null)
        {
            return fallback;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
    }

    private TimeSpan ReadSeconds(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var raw = Blank(section[key]);
        if (raw is null)
        {
            return fallback;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 86_400)
        {
            Error(section, key, $"'{raw}' is not a positive number of seconds (at most 86400)");
            return fallback;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A list given as an array section or as one comma-separated value.</summary>
    /// <summary>
    /// A list given as a comma-separated value (<c>Gateway__ClientKeys=a,b</c>), as indexed children
    /// (<c>Gateway__ClientKeys__0=a</c>, a JSON array), or both: every form counts. (A section can carry a value and
    /// children at once, e.g. an empty JSON array in one file and indexed variables in the environment.)
    /// </summary>
    private static List<string> ReadList(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var single = child.Value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var indexed = child.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0);
        return [.. single.Concat(indexed).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether anything at all was written for <paramref name="key"/> (a value, or any child).</summary>
    private static bool IsSet(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        return !string.IsNullOrWhiteSpace(child.Value) || child.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
    }
}
