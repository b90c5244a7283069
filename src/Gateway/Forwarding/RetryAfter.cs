using System.Globalization;

namespace Gateway.Forwarding;

/// <summary>Reads how long an upstream asks to wait: <c>retry-after-ms</c>, or <c>Retry-After</c> as seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return Clamp(TimeSpan.FromMilliseconds(millis));
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => Clamp(delta),
            { Date: { } date } => Clamp(date - now),
            _ => null,
        };
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait;
}
