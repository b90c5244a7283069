namespace Gateway.WebConsole;

/// <summary>The Keys page's stand-in when no client key service is registered: nothing to list, every change refused.</summary>
internal sealed class UnavailableConsoleKeys : IConsoleKeys
{
    public const string Message = "Client key management is not available in this build: client keys come from configuration (Gateway:ClientKeys or AI_CLIENT_KEYS).";

    public bool Available => false;

    public Task<IReadOnlyList<ConsoleKeyView>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ConsoleKeyView>>([]);

    public Task<(string? Secret, string? Error)> CreateAsync(string owner, string? label, IReadOnlyList<string> models, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken) =>
        Task.FromResult<(string?, string?)>((null, Message));

    public Task<string?> RevokeAsync(string id, string actor, CancellationToken cancellationToken) => Task.FromResult<string?>(Message);
}
