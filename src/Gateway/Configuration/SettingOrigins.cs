using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>Which environment variable a configuration key came from, so errors name what the operator set.</summary>
public sealed class SettingOrigins
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, string> _providerPrefixes = new(StringComparer.OrdinalIgnoreCase);

    internal void Record(string key, string variable) => _variables[key] = variable;

    /// <summary>Remembers that the provider section <paramref name="section"/> was set by <c>AI_&lt;NAME&gt;_*</c> variables.</summary>
    internal void RecordProvider(string section, string variablePrefix) => _providerPrefixes[section] = variablePrefix;

    /// <summary>
    /// The environment variable behind <paramref name="key"/>; for a missing field of a provider set by
    /// <c>AI_&lt;NAME&gt;_*</c>, the variable to set (<c>AI_GROQ_KEY</c>); else the configuration key itself.
    /// </summary>
    public string Describe(string key)
    {
        if (_variables.TryGetValue(key, out var variable))
        {
            return variable;
        }

        var parent = ConfigurationPath.GetParentPath(key);
        return parent is not null && _providerPrefixes.TryGetValue(parent, out var prefix)
            ? prefix + System.Text.RegularExpressions.Regex.Replace(ConfigurationPath.GetSectionKey(key), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant()
            : key;
    }
}
