using System.Text.RegularExpressions;

namespace Gateway.Tests.Architecture;

/// <summary>
/// The folders of src/Gateway depend one way (the layout in the README): no cycles, the leaves depend on nothing,
/// and a few edges a review found are kept out. Read from the sources: <c>using Gateway.X</c>, <c>Gateway.X.</c> and
/// namespace-relative <c>X.Type</c> references, comments left out.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string Source = Path.Combine(FindRoot(), "src", "Gateway");

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(Build);

    [Fact]
    public void Folders_HaveNoDependencyCycles()
    {
        var graph = Graph.Value;
        foreach (var start in graph.Keys)
        {
            var path = FindCycle(graph, start, start, [start]);
            Assert.True(path is null, $"folder cycle: {string.Join(" -> ", path ?? [])}");
        }
    }

    [Theory]
    [InlineData("Configuration")]
    [InlineData("Contracts")]
    [InlineData("Sse")]
    public void Leaves_DependOnNoOtherFolder(string leaf) =>
        Assert.Empty(Graph.Value.GetValueOrDefault(leaf) ?? []);

    [Theory]
    [InlineData("Endpoints", "Hosting")]
    [InlineData("Usage", "Forwarding")]
    [InlineData("Telemetry", "Endpoints")]
    [InlineData("Providers", "Selection")]
    [InlineData("Endpoints", "ManagedProviders")]
    [InlineData("Accounts", "ManagedProviders")]
    [InlineData("ManagedProviders", "Hosting")]
    [InlineData("ManagedProviders", "Admin")]
    [InlineData("Store", "Routing")]
    [InlineData("Store", "Providers")]
    public void Folder_DoesNotDependOn(string from, string to) =>
        Assert.DoesNotContain(to, Graph.Value.GetValueOrDefault(from) ?? []);

    /// <summary>
    /// Store implements interfaces that Accounts, ManagedProviders and Contracts own (repositories, the store version,
    /// the audit log, the secret cipher); only Hosting's registration names its classes.
    /// </summary>
    [Fact]
    public void Store_IsUsedOnlyByHostingsRegistration()
    {
        var users = Graph.Value.Where(f => f.Value.Contains("Store")).Select(f => f.Key);
        Assert.Equal(["Hosting"], users);
    }

    [Fact]
    public void Store_DependsOnlyOnTheOwnersOfWhatItImplements()
    {
        string[] allowed = ["Accounts", "Configuration", "Contracts", "ManagedProviders", "Redis"];
        Assert.Empty(Graph.Value["Store"].Except(allowed));
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph, string start, string at, List<string> path)
    {
        foreach (var next in graph.GetValueOrDefault(at) ?? [])
        {
            if (next == start)
            {
                return [.. path, next];
            }

            if (!path.Contains(next) && FindCycle(graph, start, next, [.. path, next]) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private static Dictionary<string, HashSet<string>> Build()
    {
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).OfType<string>().ToHashSet();
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>());
        var relative = new Regex($@"(?<![\w.])({string.Join('|', folders)})\.[A-Z]\w*");
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
                foreach (Match match in Qualified().Matches(code).Concat(relative.Matches(code)))
                {
                    var target = match.Groups[1].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        graph[folder].Add(target);
                    }
                }
            }
        }

        return graph;
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

    [GeneratedRegex(@"\bGateway\.([A-Z]\w*)")]
    private static partial Regex Qualified();
}
