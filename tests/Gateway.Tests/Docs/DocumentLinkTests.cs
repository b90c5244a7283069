using System.Text.RegularExpressions;

namespace Gateway.Tests.Docs;

/// <summary>
/// Every relative link in the repository's Markdown (the README, <c>docs/</c>, the chart's and the benchmarks' pages)
/// points at a file that exists, and a <c>#fragment</c> into a Markdown file names one of its headings.
/// </summary>
public sealed partial class DocumentLinkTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Documents() => new(DocumentFiles());

    private static IEnumerable<string> DocumentFiles() => Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
        .Where(f => !f.Contains("node_modules/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)
                    && !f.Contains("/obj/", StringComparison.Ordinal) && !f.StartsWith('.'))
        .Order(StringComparer.Ordinal);

    [Fact]
    public void Documents_IncludeTheReadmeAndTheDocsFolder()
    {
        var documents = DocumentFiles().ToList();
        Assert.Contains("README.md", documents);
        Assert.Contains("docs/security.md", documents);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void RelativeLinks_Resolve(string document)
    {
        var path = Path.Combine(Root, document);
        var text = CodeBlock().Replace(File.ReadAllText(path), "");
        var broken = new List<string>();
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups["target"].Value.Trim();
            if (target.Length == 0 || Uri.TryCreate(target, UriKind.Absolute, out _) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var fragment = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add(target + " (no such file)");
            }
            else if (fragment is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(fragment))
            {
                broken.Add(target + " (no such heading)");
            }
        }

        Assert.True(broken.Count == 0, document + ": " + string.Join("; ", broken));
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in CodeBlock().Replace(File.ReadAllText(markdown), "").Split('\n'))
        {
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var slug = Punctuation().Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
                anchors.Add(slug);
            }
        }

        return anchors;
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

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\s_-]")]
    private static partial Regex Punctuation();
}
