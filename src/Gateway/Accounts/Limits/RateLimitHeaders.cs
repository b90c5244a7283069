using System.Globalization;

namespace Gateway.Accounts.Limits;

/// <summary>
/// OpenAI's rate-limit headers for a caller with limits: <c>x-ratelimit-limit-requests</c>, <c>-remaining-requests</c>,
/// <c>-reset-requests</c> from its requests-per-minute limit, and the <c>-tokens</c> trio from its tokens per minute
/// (else per day, else per month). The key's own limit first, else its owner's. Resets in seconds (<c>12s</c>).
/// </summary>
internal static class RateLimitHeaders
{
    /// <summary>The headers for <paramref name="reservation"/> as it went (none for a caller without such limits).</summary>
    public static List<KeyValuePair<string, string>> For(Reservation reservation, ReserveResult result, DateTimeOffset now)
    {
        var headers = new List<KeyValuePair<string, string>>(6);
        Add(headers, "requests", reservation, result, now, LimitKind.RequestsPerMinute);
        Add(headers, "tokens", reservation, result, now, LimitKind.TokensPerMinute, LimitKind.TokensPerDay, LimitKind.TokensPerMonth);
        return headers;
    }

    private static void Add(List<KeyValuePair<string, string>> headers, string what, Reservation reservation, ReserveResult result, DateTimeOffset now, params LimitKind[] kinds)
    {
        foreach (var kind in kinds)
        {
            var index = Find(reservation, kind);
            if (index < 0)
            {
                continue;
            }

            var line = reservation.Lines[index];
            // Admitted: the counters after the reservation; refused: the refusing line's counter as it stood.
            var used = result.Admitted ? result.Counters[index] : ReferenceEquals(result.Refused, line) && result.Counters.Count > 0 ? result.Counters[0] : line.Limit;
            headers.Add(new("x-ratelimit-limit-" + what, line.Limit.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new("x-ratelimit-remaining-" + what, Math.Max(0, line.Limit - used).ToString(CultureInfo.InvariantCulture)));
            headers.Add(new("x-ratelimit-reset-" + what, LimitWindows.SecondsToReset(LimitKinds.Period(kind), now).ToString(CultureInfo.InvariantCulture) + "s"));
            return;
        }
    }

    private static int Find(Reservation reservation, LimitKind kind)
    {
        var found = -1;
        for (var i = 0; i < reservation.Lines.Count; i++)
        {
            if (reservation.Lines[i].Kind == kind && (found < 0 || reservation.Lines[i].Scope.StartsWith("k:", StringComparison.Ordinal)))
            {
                found = i;
            }
        }

        return found;
    }
}
