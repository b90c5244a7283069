using Gateway.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Gateway.Configuration;

/// <summary>
/// The last valid <see cref="GatewayOptions"/>. On every configuration reload (the <c>GATEWAY_CONFIG</c> file or
/// appsettings.json edited) it reads them again with <see cref="GatewayOptionsReader"/>: valid options replace the
/// current ones and raise <see cref="Changed"/>; invalid ones (a file that does not parse, a bad setting) are logged at
/// Warning, every error, and the current options stay. A running gateway never stops over a bad edit.
/// </summary>
internal sealed partial class GatewayOptionsMonitor : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly SettingOrigins _origins;
    private readonly GatewayRegistry _registry;
    private readonly ILogger<GatewayOptionsMonitor> _logger;
    private readonly IDisposable _subscription;
    private readonly Lock _reading = new();
    private volatile GatewayOptions _current;

    public GatewayOptionsMonitor(GatewayOptions initial, IConfiguration configuration, SettingOrigins origins, GatewayRegistry registry, ILogger<GatewayOptionsMonitor> logger)
    {
        (_current, _configuration, _origins, _registry, _logger) = (initial, configuration, origins, registry, logger);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The options in force.</summary>
    public GatewayOptions Current => _current;

    /// <summary>Raised after <see cref="Current"/> was replaced by a valid reload.</summary>
    public event Action? Changed;

    /// <summary>Reads the configuration again; called on every reload token, and by tests.</summary>
    public void Reload()
    {
        lock (_reading)
        {
            var errors = ConfigurationFiles.Check(_configuration);
            if (errors.Count == 0)
            {
                try
                {
                    _current = new GatewayOptionsReader(_configuration, _origins, _registry).Read();
                }
                catch (GatewayConfigurationException e)
                {
                    errors = e.Errors;
                }
            }

            if (errors.Count > 0)
            {
                Log.Rejected(_logger, errors.Count);
                foreach (var error in errors)
                {
                    Log.Error(_logger, error);
                }

                return;
            }

            Log.Reloaded(_logger, _current.Providers.Count);
        }

        Changed?.Invoke();
    }

    public void Dispose() => _subscription.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ConfigurationRejected, Level = LogLevel.Warning, Message = "Configuration reload rejected with {Count} error(s); the gateway keeps the configuration it has")]
        public static partial void Rejected(ILogger logger, int count);

        [LoggerMessage(EventId = EventIds.ConfigurationError, Level = LogLevel.Warning, Message = "Configuration reload error: {Error}")]
        public static partial void Error(ILogger logger, string error);

        [LoggerMessage(EventId = EventIds.ConfigurationReloaded, Level = LogLevel.Information, Message = "Configuration reloaded: {Providers} provider(s) configured")]
        public static partial void Reloaded(ILogger logger, int providers);
    }
}
