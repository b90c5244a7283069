namespace Gateway.Configuration;

/// <summary>Invalid configuration: start-up stops with every problem listed, each naming its setting.</summary>
public sealed class GatewayConfigurationException : Exception
{
    /// <summary>Creates the exception from the collected problems.</summary>
    public GatewayConfigurationException(IReadOnlyList<string> errors)
        : base("Invalid gateway configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with one message.</summary>
    public GatewayConfigurationException() : this([]) { }

    /// <summary>Creates the exception with one message.</summary>
    public GatewayConfigurationException(string message) : this([message]) { }

    /// <summary>Creates the exception with one message and a cause.</summary>
    public GatewayConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Each problem, naming the setting.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
