using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Runs generated requests against a <see cref="FuzzGateway"/> with CsCheck: at most <c>iterations</c> samples
/// (FUZZ_ITERATIONS overrides), none sent after the time budget, two at a time. A failing sample fails the run
/// with its request, response and server error, and CsCheck's seed (replay with CsCheck_Seed=...).
/// </summary>
internal static class FuzzRun
{
    public static async Task<IReadOnlyDictionary<int, int>> SampleAsync(
        FuzzGateway gateway, Gen<FuzzRequest> gen, int iterations, TimeSpan budget, Action<string> writeLine, Func<FuzzRequest, RawResponseCheck>? check)
    {
        var clock = Stopwatch.StartNew();
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        try
        {
            await gen.SampleAsync(async request =>
            {
                if (clock.Elapsed > budget)
                {
                    return;
                }

                Interlocked.Increment(ref sent);
                var (response, id) = await gateway.SendAsync(request);
                statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
                var violations = check?.Invoke(request)(response) ?? [];
                if (violations.Count > 0)
                {
                    throw new Xunit.Sdk.XunitException(string.Join("; ", violations) + "\n" + Describe(response) + Quote("server errors", gateway.ErrorsFor(id)));
                }
            }, writeLine: writeLine, iter: Iterations(iterations), threads: 2, print: r => r.ToString());
        }
        finally
        {
            writeLine($"{sent} requests in {clock.Elapsed.TotalSeconds:0.0} s; statuses: " +
                string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")));
        }

        return statuses;
    }

    private static int Iterations(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private static string Describe(Infrastructure.RawResponse response) =>
        $"response: {response.Status}, {response.HeaderBytes} header bytes, " +
        string.Join("; ", response.Headers.Select(h => $"{h.Name}: {(h.Value.Length > 80 ? h.Value[..80] + "..." : h.Value)}")) +
        $"\nbody: {FuzzRequest.EscapeBytes(response.Body, 400)}";

    private static string Quote(string title, string text) => text.Length == 0 ? "" : $"\n{title}:\n{text}";
}

/// <summary>The violations of one response (empty: fine).</summary>
internal delegate List<string> RawResponseCheck(Infrastructure.RawResponse response);
