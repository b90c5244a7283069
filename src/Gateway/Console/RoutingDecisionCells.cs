using System.Globalization;
using Gateway.Selection;

namespace Gateway.WebConsole;

/// <summary>A routing decision as the Routing page's table row: cell texts, formatted once for the page and its JSON.</summary>
internal static class RoutingDecisionCells
{
    public static readonly string[] Headers = ["Time", "Request", "Model", "Strategy", "Served by", "Status", "Why (every candidate)"];

    public static string[] Of(RoutingDecision d) =>
    [
        d.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        d.RequestId,
        d.Model + " (" + d.CandidateSet + ")",
        d.Strategy + " (" + d.StrategySource + ")",
        d.CacheHit ? "response cache" : d.Provider ?? "none",
        d.Status.ToString(CultureInfo.InvariantCulture) + (d.Queued ? ", queued" : "") + (d.Attempts > 1 ? $", {d.Attempts} attempts" : ""),
        string.Join(" · ", d.Candidates.Select(c => c.Provider + ": " + Verdict(c.Verdict) + (c.Detail is null ? "" : " (" + c.Detail + ")"))),
    ];

    private static string Verdict(string verdict) => verdict.Replace('_', ' ');
}
