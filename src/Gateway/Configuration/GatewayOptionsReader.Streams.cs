using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Streams</c> section: continuation of broken streams and malformed upstream events.</summary>
internal sealed partial class GatewayOptionsReader
{
    private StreamOptions ReadStreams(IConfigurationSection section)
    {
        var defaults = new StreamOptions();
        return new StreamOptions
        {
            Continuation = ReadBool(section, "Continuation", defaults.Continuation),
            MaxContinuations = ReadInt(section, "MaxContinuations", defaults.MaxContinuations, min: 0, max: 10),
            MaxMalformedEvents = ReadInt(section, "MaxMalformedEvents", defaults.MaxMalformedEvents, min: 0, max: 1_000_000),
        };
    }
}
