using System.Globalization;

namespace Gateway.Configuration;

/// <summary>Turns <c>redis://</c> / <c>rediss://</c> URLs into StackExchange.Redis configuration strings.</summary>
internal static class RedisConnection
{
    public static bool TryNormalize(string value, out string? configuration)
    {
        configuration = null;
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            configuration = value;
            return !value.Contains(' ', StringComparison.Ordinal);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("redis" or "rediss") || url.Host.Length == 0)
        {
            return false;
        }

        var parts = new List<string> { $"{url.Host}:{(url.Port > 0 ? url.Port : 6379).ToString(CultureInfo.InvariantCulture)}" };
        var userInfo = Uri.UnescapeDataString(url.UserInfo);
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            parts.Add("password=" + (colon >= 0 ? userInfo[(colon + 1)..] : userInfo));
        }

        if (url.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }

        var database = url.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            if (!int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
            {
                return false;
            }

            parts.Add("defaultDatabase=" + db.ToString(CultureInfo.InvariantCulture));
        }

        configuration = string.Join(",", parts);
        return true;
    }
}
