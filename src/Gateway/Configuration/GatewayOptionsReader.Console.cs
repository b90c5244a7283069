using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Console</c> section, and the ports its own listener must not share.</summary>
internal sealed partial class GatewayOptionsReader
{
    /// <summary>The API port when neither <c>urls</c> nor <c>http_ports</c>/<c>https_ports</c> is set (Hosting's default URL).</summary>
    private const int DefaultApiPort = 8080;

    private ConsoleOptions ReadConsole(IConfigurationSection section, MetricsOptions metrics)
    {
        var defaults = new ConsoleOptions();
        var port = ReadInt(section, "Port", defaults.Port, min: 0, max: 65535);
        if (port > 0 && metrics.Enabled && metrics.Port == port)
        {
            Error(section, "Port", $"{port} is also Gateway:Metrics:Port: the console needs a port of its own");
        }
        else if (port > 0 && ApiPorts().Contains(port))
        {
            Error(section, "Port", $"{port} is the API's port: set another port for the console, or 0 to serve it on the API port");
        }

        return new ConsoleOptions
        {
            Enabled = ReadBool(section, "Enabled", defaults.Enabled),
            Port = port,
            Host = ReadListenerHost(section),
        };
    }

    /// <summary><c>localhost</c>, <c>*</c>, an IP address or null (the API listener's hosts), as for the metrics listener.</summary>
    private string? ReadListenerHost(IConfigurationSection section)
    {
        var host = Blank(section["Host"]);
        if (host is not null && host != "*" && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            Error(section, "Host", $"'{host}' is not localhost, * or an IP address");
            return null;
        }

        return host;
    }

    /// <summary>The ports the API listener binds: from <c>urls</c>, else <c>http_ports</c> and <c>https_ports</c>, else the default.</summary>
    private HashSet<int> ApiPorts()
    {
        var ports = new HashSet<int>();
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard hosts are not valid in a Uri; the port is what matters here.
            var parsable = url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
            if (Uri.TryCreate(parsable, UriKind.Absolute, out var uri))
            {
                ports.Add(uri.Port);
            }
        }

        if (ports.Count == 0 && string.IsNullOrEmpty(configuration["urls"]))
        {
            foreach (var entry in $"{configuration["http_ports"]};{configuration["https_ports"]}".Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    ports.Add(port);
                }
            }

            if (ports.Count == 0)
            {
                ports.Add(DefaultApiPort);
            }
        }

        return ports;
    }
}
