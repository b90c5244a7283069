using System.Text.RegularExpressions;

namespace Gateway.Tests.Configuration;

/// <summary>
/// The root <c>appsettings.json</c> documents every setting: each key the options reader reads (a string literal
/// such as <c>"PollSeconds"</c> in <c>GatewayOptionsReader*.cs</c>) is named there, set to its default or in a comment.
/// </summary>
public sealed partial class AppSettingsCoverageTests
{
    /// <summary>Literals of the reader that are not setting names.</summary>
    private static readonly HashSet<string> NotSettings = ["GatewayConfigurationException", "GatewayOptions"];

    [Fact]
    public void AppSettings_NamesEverySettingTheReaderReads()
    {
        var root = FindRoot();
        var text = File.ReadAllText(Path.Combine(root, "appsettings.json"));
        var read = Directory.EnumerateFiles(Path.Combine(root, "src", "Gateway", "Configuration"), "GatewayOptionsReader*.cs")
            .SelectMany(file => SettingLiteral().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .Where(name => !NotSettings.Contains(name))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(read.Count > 40, $"only {read.Count} setting names found: the pattern no longer matches the reader");
        var missing = read.Where(name => !Regex.IsMatch(text, $@"\b{name}\b")).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "appsettings.json does not name: " + string.Join(", ", missing));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"""(?<name>[A-Z][A-Za-z]+)""")]
    private static partial Regex SettingLiteral();
}
