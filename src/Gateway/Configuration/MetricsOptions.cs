using System.Globalization;
using System.Text;

namespace Gateway.Configuration;

/// <summary>The Prometheus endpoint.</summary>
public sealed record MetricsOptions
{
    /// <summary>Collect metrics and serve <c>/metrics</c>. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Serve <c>/metrics</c> only on this port, from a separate listener that serves nothing else (the API port then
    /// answers 404 there); 0: on the API port. Default 0.
    /// </summary>
    public int Port { get; init; }

    /// <summary>
    /// Where the metrics listener binds: <c>localhost</c>, <c>*</c> (every interface) or an IP address. Null: the
    /// API listener's addresses (loopback stays loopback). Default null.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>When set, <c>/metrics</c> (on either listener) needs <c>Authorization: Bearer &lt;token&gt;</c>. Default null.</summary>
    public string? BearerToken { get; init; }

    // A record prints every property: never the scrape token.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Enabled = {Enabled}, Port = {Port}, Host = {Host}, BearerToken = {(BearerToken is null ? "(not set)" : "(set, not shown)")}");
        return true;
    }
}
