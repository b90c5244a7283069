using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using StackExchange.Redis;

namespace Gateway.Configuration;

/// <summary>
/// Builds the StackExchange.Redis configuration from a <c>redis://</c> / <c>rediss://</c> URL, field by field
/// (never by concatenating a configuration string, where a comma in the password would start a new endpoint),
/// or parses a StackExchange.Redis configuration string. Nothing here echoes the value: it holds the password.
/// </summary>
internal static class RedisConnection
{
    /// <summary>
    /// The client configuration, with <c>AbortOnConnectFail</c> off and <paramref name="timeout"/> as the connect and
    /// sync timeouts. False when the value is neither a Redis URL nor a configuration string.
    /// </summary>
    public static bool TryCreate(string value, TimeSpan timeout, [NotNullWhen(true)] out ConfigurationOptions? configuration)
    {
        configuration = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value) : FromConfigurationString(value);
        if (configuration is null || configuration.EndPoints.Count == 0)
        {
            configuration = null;
            return false;
        }

        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)timeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)timeout.TotalMilliseconds;
        return true;
    }

    private static ConfigurationOptions? FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("redis" or "rediss") || url.Host.Length == 0)
        {
            return null;
        }

        var configuration = new ConfigurationOptions { Ssl = url.Scheme == "rediss" };
        configuration.EndPoints.Add(url.DnsSafeHost, url.Port > 0 ? url.Port : 6379);

        // user:password (a Redis 6+ ACL user), :password or password alone (the default user). Split before
        // unescaping, so that an escaped ':' belongs to the part it was written in.
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon > 0 ? Uri.UnescapeDataString(url.UserInfo[..colon]) : "";
            var password = Uri.UnescapeDataString(colon >= 0 ? url.UserInfo[(colon + 1)..] : url.UserInfo);
            configuration.User = user.Length > 0 ? user : null;
            configuration.Password = password.Length > 0 ? password : null;
        }

        var database = url.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            if (!int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
            {
                return null;
            }

            configuration.DefaultDatabase = db;
        }

        return configuration;
    }

    private static ConfigurationOptions? FromConfigurationString(string value)
    {
        if (value.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return ConfigurationOptions.Parse(value);
        }
        catch (ArgumentException)
        {
            return null; // Its message may quote the value.
        }
    }
}
