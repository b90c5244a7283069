namespace Gateway.Routing;

/// <summary>
/// One step of candidate narrowing: of a resolved set, the candidates that may serve this request, or why none may.
/// Filters run in <see cref="Order"/> (<see cref="CandidateFilters"/>); the first refusal ends the list.
/// </summary>
internal interface ICandidateFilter
{
    /// <summary>The filter's place in the list (<see cref="CandidateFilterOrder"/>), lower first.</summary>
    int Order { get; }

    /// <summary>The kept set (the same set when every candidate is kept, the common case: no allocation), or a refusal; <see cref="Resolution.None"/> when nobody is kept and the operation answers itself.</summary>
    Resolution Apply(CandidateSet set, in CandidateQuery query);
}
