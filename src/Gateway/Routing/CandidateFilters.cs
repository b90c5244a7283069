namespace Gateway.Routing;

/// <summary>
/// Candidate narrowing, in one ordered list: every registered <see cref="ICandidateFilter"/> by its
/// <see cref="ICandidateFilter.Order"/>, each given what the one before kept. A request's candidates are narrowed here
/// and nowhere else (the attempt loop only skips candidates for what an attempt taught it, such as a context window).
/// </summary>
internal sealed class CandidateFilters(IEnumerable<ICandidateFilter> filters)
{
    private readonly ICandidateFilter[] _filters = [.. filters.OrderBy(f => f.Order)];

    /// <summary>The filters in the order they run (for logs and tests).</summary>
    public IReadOnlyList<ICandidateFilter> Filters => _filters;

    /// <summary>What every filter keeps of a resolution's candidates, or the first refusal; a failed resolution as it came.</summary>
    public Resolution Apply(Resolution resolution, in CandidateQuery query) => Apply(resolution, query, out _);

    /// <summary>
    /// The same, and the candidates each filter took out with its reason (for the routing decision): null when every
    /// filter kept every candidate, the common case, which allocates nothing.
    /// </summary>
    public Resolution Apply(Resolution resolution, in CandidateQuery query, out List<(string Provider, string Why)>? removed)
    {
        removed = null;
        foreach (var filter in _filters)
        {
            if (resolution.Candidates is not { } set)
            {
                return resolution;
            }

            resolution = filter.Apply(set, query);
            if (resolution.Candidates is { } kept && kept.Count < set.Count)
            {
                foreach (var candidate in set.Candidates)
                {
                    if (!Holds(kept, candidate.Provider.Name))
                    {
                        (removed ??= []).Add((candidate.Provider.Name, CandidateFilterOrder.Describe(filter.Order)));
                    }
                }
            }
        }

        return resolution;
    }

    private static bool Holds(CandidateSet set, string provider)
    {
        foreach (var candidate in set.Candidates)
        {
            if (candidate.Provider.Name == provider)
            {
                return true;
            }
        }

        return false;
    }
}
