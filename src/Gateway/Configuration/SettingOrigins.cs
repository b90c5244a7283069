namespace Gateway.Configuration;

/// <summary>Which environment variable a configuration key came from, so errors name what the operator set.</summary>
public sealed class SettingOrigins
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.OrdinalIgnoreCase);

    internal void Record(string key, string variable) => _variables[key] = variable;

    /// <summary>The environment variable behind <paramref name="key"/>, else the configuration key itself.</summary>
    public string Describe(string key) => _variables.TryGetValue(key, out var variable) ? variable : key;
}
