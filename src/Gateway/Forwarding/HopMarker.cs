using System.Globalization;
using System.Security.Cryptography;
using Gateway.Configuration;
using Microsoft.Extensions.Primitives;

namespace Gateway.Forwarding;

/// <summary>
/// The hop marker (docs/security.md, "Loops and the hop marker"): every upstream request carries
/// <c>x-gateway-hops: &lt;instance&gt;;&lt;n&gt;</c>, this process's random instance id and how many times the request
/// has passed through it, after the entries of other gateways it came through (at most <see cref="MaxEntries"/>). A
/// request that arrives with this instance's marker at <c>Gateway:Outbound:MaxHops</c> is refused with 508
/// (<c>HopLimitMiddleware</c>), so a provider pointing back at the gateway ends after a few passes instead of
/// nesting until every connection is taken.
/// </summary>
internal sealed class HopMarker
{
    public const string Header = "x-gateway-hops";

    /// <summary>Entries of other gateways kept; a longer chain keeps its last ones.</summary>
    public const int MaxEntries = 8;

    private readonly string _first;

    public HopMarker(GatewayOptions options)
    {
        Instance = RandomNumberGenerator.GetHexString(12, lowercase: true);
        MaxHops = options.Outbound.MaxHops;
        _first = Instance + ";1";
    }

    /// <summary>This process's id in the marker (random per start: not a secret, and says nothing about the host).</summary>
    public string Instance { get; }

    public int MaxHops { get; }

    /// <summary>How many times a request carrying <paramref name="header"/> has passed through this instance.</summary>
    public int PassesIn(StringValues header)
    {
        foreach (var value in header)
        {
            foreach (var entry in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semicolon = entry.IndexOf(';', StringComparison.Ordinal);
                if (semicolon > 0 && entry.AsSpan(0, semicolon).SequenceEqual(Instance)
                    && int.TryParse(entry.AsSpan(semicolon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var passes))
                {
                    return passes;
                }
            }
        }

        return 0;
    }

    /// <summary>The marker to send upstream for a request that arrived with <paramref name="header"/>.</summary>
    public string Next(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return _first;
        }

        var others = header.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(e => !e.StartsWith(Instance + ";", StringComparison.Ordinal) && e.Length <= 64 && e.All(c => char.IsAsciiLetterOrDigit(c) || c is ';' or '-' or '_' or '.'))
            .TakeLast(MaxEntries);
        return string.Join(", ", others.Append(Instance + ";" + (PassesIn(header) + 1).ToString(CultureInfo.InvariantCulture)));
    }
}
