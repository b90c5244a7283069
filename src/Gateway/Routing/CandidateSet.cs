namespace Gateway.Routing;

/// <summary>
/// The candidates for one model name, built with a routing table and reused by every request for that name.
/// It holds no state of its own: what must outlive a table swap (round-robin position) is kept by
/// <see cref="Key"/>, which is the same for an equal set in the next table.
/// A chained set (<see cref="Links"/>) is tried link by link: every candidate of the first link (ordered by the
/// strategy) before any of the second, as an owner's own providers come before the global ones.
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

    /// <summary>The sets tried one after the other, each ordered by the strategy on its own; null for a plain set.</summary>
    public IReadOnlyList<CandidateSet>? Links { get; private init; }

    /// <summary>A set of <paramref name="links"/> tried in order (its candidates: theirs, concatenated).</summary>
    public static CandidateSet Chain(IReadOnlyList<CandidateSet> links) =>
        links.Count == 1 ? links[0] : new CandidateSet(string.Join(" > ", links.Select(l => l.Name)), [.. links.SelectMany(l => l.Candidates.ToArray())]) { Links = links };

    /// <summary>
    /// The candidates <paramref name="keep"/> keeps, named <c>NAME|tag</c> (the one naming rule of every derived set, so
    /// per-set state such as round-robin positions stays with it): this set itself when every candidate is kept (no
    /// allocation), null when none is; a chain is narrowed link by link and keeps the links that keep anyone, in order.
    /// </summary>
    public CandidateSet? Keep<TState>(Func<Candidate, TState, bool> keep, TState state, string tag)
    {
        if (Links is { } links)
        {
            var narrowed = new List<CandidateSet>(links.Count);
            var same = true;
            foreach (var link in links)
            {
                var kept = link.Keep(keep, state, tag);
                same &= ReferenceEquals(kept, link);
                if (kept is not null)
                {
                    narrowed.Add(kept);
                }
            }

            return same ? this : narrowed.Count == 0 ? null : Chain(narrowed);
        }

        var count = 0;
        foreach (var candidate in candidates)
        {
            count += keep(candidate, state) ? 1 : 0;
        }

        return count == candidates.Length ? this
            : count == 0 ? null
            : new CandidateSet($"{name}|{tag}", [.. candidates.Where(c => keep(c, state))]);
    }

    /// <summary>The name part of a <see cref="Key"/>.</summary>
    public static string NameOf(string key) => key[..key.IndexOf('\n', StringComparison.Ordinal)];

    /// <summary>The provider names of a <see cref="Key"/>.</summary>
    public static string[] ProvidersOf(string key) => key[(key.IndexOf('\n', StringComparison.Ordinal) + 1)..].Split(',');

    private static string KeyOf(string name, Candidate[] candidates) =>
        name + "\n" + string.Join(",", candidates.Select(c => c.Provider.Name));
}
