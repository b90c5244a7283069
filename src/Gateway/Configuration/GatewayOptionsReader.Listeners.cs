using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Limits</c> and <c>Gateway:Metrics</c> sections.</summary>
internal sealed partial class GatewayOptionsReader
{
    private MetricsOptions ReadMetrics(IConfigurationSection section)
    {
        var defaults = new MetricsOptions();
        return new MetricsOptions
        {
            Enabled = ReadBool(section, "Enabled", defaults.Enabled),
            Port = ReadInt(section, "Port", defaults.Port, min: 0, max: 65535),
            Host = ReadListenerHost(section),
            BearerToken = Blank(section["BearerToken"]),
        };
    }

    private ResponsesOptions ReadResponses(IConfigurationSection section)
    {
        var defaults = new ResponsesOptions();
        return new ResponsesOptions
        {
            TimeToLive = ReadSeconds(section, "TimeToLiveSeconds", defaults.TimeToLive),
            MaxStoredInMemory = ReadInt(section, "MaxStoredInMemory", defaults.MaxStoredInMemory, min: 1, max: 10_000_000),
            MaxStoredBytes = ReadInt(section, "MaxStoredMegabytes", (int)(defaults.MaxStoredBytes / (1024 * 1024)), min: 1, max: 1024 * 1024) * 1024L * 1024,
            MaxStoredBytesPerOwner = ReadInt(section, "MaxStoredMegabytesPerOwner", (int)(defaults.MaxStoredBytesPerOwner / (1024 * 1024)), min: 1, max: 1024 * 1024) * 1024L * 1024,
            SweepInterval = ReadSeconds(section, "SweepSeconds", defaults.SweepInterval),
        };
    }

    private LimitsOptions ReadLimits(IConfigurationSection section)
    {
        var defaults = new LimitsOptions();
        var connections = ReadInt(section, "MaxConcurrentConnections", (int)(defaults.MaxConcurrentConnections ?? 0), min: 0, max: int.MaxValue);
        var grace = ReadSeconds(section, "RequestBodyGracePeriodSeconds", defaults.RequestBodyGracePeriod);
        if (grace <= TimeSpan.FromSeconds(1))
        {
            Error(section, "RequestBodyGracePeriodSeconds", "must be more than 1 second (Kestrel checks rates once a second)");
            grace = defaults.RequestBodyGracePeriod;
        }

        return new LimitsOptions
        {
            MaxConcurrentConnections = connections == 0 ? null : connections,
            RequestHeadersTimeout = ReadSeconds(section, "RequestHeadersTimeoutSeconds", defaults.RequestHeadersTimeout),
            MinRequestBodyBytesPerSecond = ReadNonNegative(section, "MinRequestBodyBytesPerSecond", defaults.MinRequestBodyBytesPerSecond),
            RequestBodyGracePeriod = grace,
            MaxRequestHeadersTotalBytes = ReadInt(section, "MaxRequestHeadersTotalBytes", defaults.MaxRequestHeadersTotalBytes, min: 1024, max: 1024 * 1024),
            AuthFailuresPerMinute = ReadInt(section, "AuthFailuresPerMinute", defaults.AuthFailuresPerMinute, min: 0, max: 1_000_000),
        };
    }
}
