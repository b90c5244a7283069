namespace Gateway.Selection;

/// <summary>An available candidate of a set, by index, with its health score and its weight times that score.</summary>
internal readonly record struct WeightedCandidate(int Index, double Score, double Weight, int Priority);
