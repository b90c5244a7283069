namespace Gateway.Routing;

/// <summary>
/// The candidates for one model name, built with a routing table and reused by every request for that name.
/// It holds no state of its own: what must outlive a table swap (round-robin position) is kept by
/// <see cref="Key"/>, which is the same for an equal set in the next table.
/// </summary>
internal sealed class CandidateSet(string name, Candidate[] candidates)
{
    private string? _key;

    /// <summary>What the set serves (<c>tier:smart</c>, <c>model:gpt-4o</c>, <c>pinned:groq</c>), for logs.</summary>
    public string Name => name;

    /// <summary>The set's stable identity across tables: its name and its candidates' provider names.</summary>
    public string Key => _key ??= KeyOf(name, candidates);

    public ReadOnlySpan<Candidate> Candidates => candidates;

    public int Count => candidates.Length;

    /// <summary>The name part of a <see cref="Key"/>.</summary>
    public static string NameOf(string key) => key[..key.IndexOf('\n', StringComparison.Ordinal)];

    /// <summary>The provider names of a <see cref="Key"/>.</summary>
    public static string[] ProvidersOf(string key) => key[(key.IndexOf('\n', StringComparison.Ordinal) + 1)..].Split(',');

    private static string KeyOf(string name, Candidate[] candidates) =>
        name + "\n" + string.Join(",", candidates.Select(c => c.Provider.Name));
}
