using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

internal sealed partial class RoutingTableSource
{
    /// <summary>A table of every source's providers, or null with every error (a name claimed twice, a type with no protocol).</summary>
    private RoutingTable? Build(long version, GatewayOptions options, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        var providers = new List<ProviderOptions>();
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in _sources)
        {
            foreach (var provider in source.Providers)
            {
                if (owners.TryAdd(provider.Name, source.Name))
                {
                    providers.Add(provider);
                }
                else
                {
                    found.Add($"provider '{provider.Name}' comes from both {owners[provider.Name]} and {source.Name}");
                }
            }
        }

        errors = found;
        if (found.Count > 0)
        {
            return null;
        }

        try
        {
            return new RoutingTable(version, options, new ProviderCatalog(providers, _registry, _protocols));
        }
        catch (GatewayConfigurationException e)
        {
            errors = e.Errors;
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RoutingTableSwapped, Level = LogLevel.Information, Message = "Routing table {Version} live: {Count} provider(s) enabled: {Providers}")]
        public static partial void Swapped(ILogger logger, long version, int count, string providers);

        [LoggerMessage(EventId = EventIds.RoutingTableRejected, Level = LogLevel.Warning, Message = "Routing table not rebuilt ({Count} error(s)); table {Version} stays live")]
        public static partial void Rejected(ILogger logger, int count, long version);

        [LoggerMessage(EventId = EventIds.RoutingTableError, Level = LogLevel.Warning, Message = "Routing table error: {Error}")]
        public static partial void Error(ILogger logger, string error);

        [LoggerMessage(EventId = EventIds.RoutingTableFailed, Level = LogLevel.Error, Message = "Routing table rebuild failed; the current table stays live")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
