using Microsoft.Extensions.Logging;

namespace Gateway.Testing;

/// <summary>A typed logger for one object under test, capturing through <see cref="CapturingLoggerProvider"/> (one format: "Level category[id] message ...").</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly CapturingLoggerProvider _capture = new();
    private readonly ILogger _logger;

    public ListLogger() => _logger = _capture.CreateLogger(typeof(T).FullName ?? typeof(T).Name);

    public IReadOnlyList<string> Lines => _capture.Lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Log(logLevel, eventId, state, exception, formatter);
}
