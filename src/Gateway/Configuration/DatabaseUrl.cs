using System.Globalization;

namespace Gateway.Configuration;

/// <summary>
/// Turns <c>AI_DATABASE_URL</c>'s <c>postgres://user:password@host:port/database?sslmode=require</c> into an Npgsql
/// connection string; a value that already is one (<c>Host=...</c>) passes through.
/// </summary>
internal static class DatabaseUrl
{
    public static bool TryConvert(string value, out string connectionString)
    {
        connectionString = value;
        if (value.Contains('=', StringComparison.Ordinal) && !value.Contains("://", StringComparison.Ordinal))
        {
            return value.Contains("host=", StringComparison.OrdinalIgnoreCase) || value.Contains("server=", StringComparison.OrdinalIgnoreCase);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || uri.Host.Length == 0)
        {
            return false;
        }

        var parts = new List<string> { $"Host={uri.Host}", $"Port={(uri.Port > 0 ? uri.Port : 5432).ToString(CultureInfo.InvariantCulture)}" };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            parts.Add($"Database={Quote(database)}");
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            parts.Add($"Username={Quote(Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]))}");
            if (colon >= 0)
            {
                parts.Add($"Password={Quote(Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]))}");
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, val) = pair.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (pair[..eq], Uri.UnescapeDataString(pair[(eq + 1)..])) : (pair, "");
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add($"SSL Mode={Quote(val)}");
            }
        }

        connectionString = string.Join(';', parts);
        return true;
    }

    private static string Quote(string value) => value.IndexOfAny([';', '"', '\'', '=']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
