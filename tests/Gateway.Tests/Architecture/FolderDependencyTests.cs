using System.Text.RegularExpressions;

namespace Gateway.Tests.Architecture;

/// <summary>
/// The folders of src/Gateway depend one way (docs/architecture.md, "Layout"; /work/shared/DESIGN.md): no cycles, the
/// leaves depend on nothing but the shared vocabulary, nothing depends on the composition root, and the edges the target
/// layout bans are kept out. Read from the sources: <c>using Gateway.X</c>, <c>Gateway.X.</c> and namespace-relative
/// <c>X.Type</c> references, comments left out; a folder is known by the namespaces its files declare (the console's
/// folder is <c>Console/</c>, its namespace <c>Gateway.WebConsole</c>), so every folder is visible here.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Folders whose namespace is not <c>Gateway.&lt;folder&gt;</c> (System.Console would shadow the natural one).</summary>
    private static readonly Dictionary<string, string> NamespaceOf = new(StringComparer.Ordinal)
    {
        ["Console"] = "WebConsole",
    };

    /// <summary>
    /// Edges main has today that the target layout bans, each removed by the change that fixes it. The rule tests fail
    /// on any other banned edge, and on a listed one that is gone (so the list only shrinks).
    /// </summary>
    private static readonly HashSet<(string From, string To)> KnownExceptions =
    [
        // The outcome record carries the admission ticket (Accounts.Limits), health's failure classes and the usage it
        // read, and the subscribers live in Outcomes rather than in the folders that subscribe (issue 23: the record in
        // Contracts' vocabulary, each subscriber beside its capability). Not fixed yet by anyone.
        ("Outcomes", "Accounts"),
        ("Outcomes", "Health"),
        ("Outcomes", "Stats"),
        ("Outcomes", "Telemetry"),
        ("Outcomes", "Usage"),
    ];

    /// <summary>Files below Endpoints that write HTTP responses today, each removed by the change that fixes it.</summary>
    private static readonly HashSet<string> KnownHttpWriters =
    [
        // Empty: admission and the provider-usage filter return results that Endpoints/ResultWriter writes (issue 23
        // item 3). A file added here is a known violation that must go.
    ];

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

    [Fact]
    public void Folders_EachDeclareTheirOwnNamespace()
    {
        // A file whose namespace names another folder hides its dependencies from this test (and a reader).
        var wrong = new List<string>();
        foreach (var folder in Folders())
        {
            var expected = "Gateway." + NamespaceOf.GetValueOrDefault(folder, folder);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories))
            {
                var declared = DeclaredNamespace().Match(File.ReadAllText(file));
                if (declared.Success && declared.Groups[1].Value != expected && !declared.Groups[1].Value.StartsWith(expected + ".", StringComparison.Ordinal))
                {
                    wrong.Add($"{Path.GetRelativePath(Source, file)}: {declared.Groups[1].Value}");
                }
            }
        }

        Assert.True(wrong.Count == 0, "files outside their folder's namespace:\n" + string.Join("\n", wrong));
        Assert.Contains("Console", Graph.Value.Keys);
        Assert.Contains("Console", Graph.Value["Hosting"]);
    }

    /// <summary>Contracts is the vocabulary every layer shares (event ids included); the other leaves may use it and nothing else.</summary>
    [Theory]
    [InlineData("Contracts")]
    [InlineData("Configuration")]
    [InlineData("Sse")]
    [InlineData("Buffers")]
    public void Leaves_DependOnNoOtherFolder(string leaf)
    {
        var others = (Graph.Value.GetValueOrDefault(leaf) ?? []).Where(to => leaf == "Contracts" || to != "Contracts").ToList();
        Assert.True(others.Count == 0, $"{leaf} is a leaf but depends on {string.Join(", ", others)}");
    }

    [Fact]
    public void Hosting_IsTheCompositionRoot_NothingDependsOnIt()
    {
        var dependents = Graph.Value.Where(pair => pair.Value.Contains("Hosting")).Select(pair => pair.Key).ToList();
        Assert.True(dependents.Count == 0, $"{string.Join(", ", dependents)} depend on Hosting, the composition root");
    }

    /// <summary>The wire formats and their translations are pure: they may use the SSE framer, pooled buffers and the shared contracts, nothing else.</summary>
    [Fact]
    public void Protocols_DependOnlyOnSseBuffersAndContracts() =>
        Assert.Empty((Graph.Value.GetValueOrDefault("Protocols") ?? []).Except(["Sse", "Buffers", "Contracts"]));

    [Theory]
    // Endpoints -> Operations/Routing/Selection/Forwarding: the surfaces are on top.
    [InlineData("Operations", "Endpoints")]
    [InlineData("Routing", "Endpoints")]
    [InlineData("Selection", "Endpoints")]
    [InlineData("Forwarding", "Endpoints")]
    [InlineData("Providers", "Endpoints")]
    [InlineData("Accounts", "Endpoints")]
    [InlineData("Health", "Endpoints")]
    [InlineData("Store", "Endpoints")]
    [InlineData("Outcomes", "Endpoints")]
    [InlineData("Telemetry", "Endpoints")]
    [InlineData("Usage", "Endpoints")]
    [InlineData("Conversations", "Endpoints")]
    // The attempt loop uses selection, selection uses the routing table, and none of them looks back up.
    [InlineData("Operations", "Forwarding")]
    [InlineData("Routing", "Forwarding")]
    [InlineData("Routing", "Selection")]
    [InlineData("Selection", "Forwarding")]
    // Forwarding -> Providers -> Protocols; nothing in Providers knows about selection.
    [InlineData("Providers", "Forwarding")]
    [InlineData("Providers", "Selection")]
    [InlineData("Providers", "Routing")]
    [InlineData("Protocols", "Providers")]
    // Forwarding reports to Outcomes, which Health, Accounts, Usage, Telemetry and Stats subscribe to.
    [InlineData("Outcomes", "Forwarding")]
    [InlineData("Outcomes", "Health")]
    [InlineData("Outcomes", "Accounts")]
    [InlineData("Outcomes", "Usage")]
    [InlineData("Outcomes", "Telemetry")]
    [InlineData("Outcomes", "Stats")]
    [InlineData("Health", "Forwarding")]
    [InlineData("Accounts", "Forwarding")]
    [InlineData("Usage", "Forwarding")]
    [InlineData("Stats", "Forwarding")]
    // Telemetry observes and never drives.
    [InlineData("Telemetry", "Forwarding")]
    [InlineData("Telemetry", "Selection")]
    [InlineData("Telemetry", "Routing")]
    // Store implements interfaces that Accounts and ManagedProviders own.
    [InlineData("Accounts", "Store")]
    [InlineData("ManagedProviders", "Store")]
    // The console is a client of the capabilities, never of the request path.
    [InlineData("Console", "Forwarding")]
    [InlineData("Console", "Endpoints")]
    // Managed providers are a capability of their own, below the surfaces and the admin API; Store below everything
    // it implements.
    [InlineData("Endpoints", "ManagedProviders")]
    [InlineData("Accounts", "ManagedProviders")]
    [InlineData("ManagedProviders", "Admin")]
    [InlineData("Store", "Routing")]
    [InlineData("Store", "Providers")]
    public void Folder_DoesNotDependOn(string from, string to)
    {
        var depends = (Graph.Value.GetValueOrDefault(from) ?? []).Contains(to);
        if (KnownExceptions.Contains((from, to)))
        {
            Assert.True(depends, $"{from} -> {to} is gone: remove it from KnownExceptions");
        }
        else
        {
            Assert.False(depends, $"{from} depends on {to}, which the layout bans (docs/architecture.md, \"Layout\")");
        }
    }

    /// <summary>
    /// Nothing below Endpoints writes an HTTP response: the domain answers with results (admitted, refused with status,
    /// code and Retry-After; candidates kept or a refusal) and Endpoints' result writer renders them per surface.
    /// </summary>
    [Theory]
    [InlineData("Accounts")]
    [InlineData("Routing")]
    [InlineData("Selection")]
    [InlineData("Health")]
    [InlineData("Usage")]
    [InlineData("Outcomes")]
    [InlineData("Store")]
    [InlineData("Conversations")]
    [InlineData("Providers")]
    public void Folder_WritesNoHttpResponse(string folder)
    {
        var writers = Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories)
            .Where(file => HttpWriting().IsMatch(string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)))))
            .Select(file => Path.GetRelativePath(Source, file));
        Assert.Empty(writers);
    }

    /// <summary>
    /// Store implements interfaces that Accounts, ManagedProviders and Contracts own (repositories, the store version,
    /// the audit log, the secret cipher); only Hosting names it, to call AddStore.
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
        var others = Graph.Value["Store"].Except(allowed).ToList();
        Assert.True(others.Count == 0, $"Store depends on {string.Join(", ", others)}");
    }

    [Fact]
    public void KnownExceptions_AreBannedEdges()
    {
        var rules = typeof(FolderDependencyTests).GetMethod(nameof(Folder_DoesNotDependOn))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(data => data.GetData(null!).Single())
            .Select(values => ((string)values[0], (string)values[1]))
            .ToHashSet();

        var unruled = KnownExceptions.Where(edge => !rules.Contains(edge)).ToList();
        Assert.True(unruled.Count == 0, $"known exceptions to no rule: {string.Join(", ", unruled)}");
    }

    /// <summary>Nothing below Endpoints writes HTTP responses: the domain folders do not touch ASP.NET Core's HTTP types.</summary>
    [Theory]
    [InlineData("Accounts")]
    [InlineData("Routing")]
    [InlineData("Selection")]
    [InlineData("Health")]
    [InlineData("Providers")]
    [InlineData("Protocols")]
    [InlineData("Outcomes")]
    [InlineData("Usage")]
    [InlineData("Conversations")]
    [InlineData("Redis")]
    [InlineData("Stats")]
    [InlineData("Store")]
    [InlineData("Outbound")]
    [InlineData("Configuration")]
    [InlineData("Buffers")]
    [InlineData("Sse")]
    public void DomainFolder_DoesNotWriteHttp(string folder)
    {
        var directory = Path.Combine(Source, folder);
        var writers = !Directory.Exists(directory) ? [] : Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => HttpTypes().IsMatch(Code(file)))
            .Select(file => Path.GetRelativePath(Source, file).Replace('\\', '/'))
            .ToList();

        var unknown = writers.Where(file => !KnownHttpWriters.Contains(file)).ToList();
        Assert.True(unknown.Count == 0, $"{folder} writes HTTP (only Endpoints, Admin, the console and Hosting do): {string.Join(", ", unknown)}");
        Assert.All(KnownHttpWriters.Where(file => file.StartsWith(folder + "/", StringComparison.Ordinal)), file =>
            Assert.True(writers.Contains(file), $"{file} no longer writes HTTP: remove it from KnownHttpWriters"));
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

    private static IEnumerable<string> Folders() =>
        Directory.GetDirectories(Source).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj"));

    private static Dictionary<string, HashSet<string>> Build()
    {
        var folders = Folders().ToHashSet();
        // The namespace segment each folder declares, to the folder: Gateway.WebConsole is Console/.
        var bySegment = folders.ToDictionary(f => NamespaceOf.GetValueOrDefault(f, f), f => f);
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>());
        var relative = new Regex($@"(?<![\w.])({string.Join('|', bySegment.Keys)})\.[A-Z]\w*");
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = Code(file);
                foreach (Match match in Qualified().Matches(code).Concat(relative.Matches(code)))
                {
                    if (bySegment.TryGetValue(match.Groups[1].Value, out var target) && target != folder)
                    {
                        graph[folder].Add(target);
                    }
                }
            }
        }

        return graph;
    }

    private static string Code(string file) =>
        string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\b(HttpResponse|HttpContext|IHeaderDictionary|IResult|Results\.|OpenAIError\.WriteAsync|IErrorShape)\b")]
    private static partial Regex HttpWriting();

    [GeneratedRegex(@"\bGateway\.([A-Z]\w*)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex DeclaredNamespace();

    [GeneratedRegex(@"\bHttpContext\b|\bHttpResponse\b|\bIResult\b|\bMicrosoft\.AspNetCore\.Http\b")]
    private static partial Regex HttpTypes();
}
