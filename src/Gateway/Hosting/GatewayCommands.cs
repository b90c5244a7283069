namespace Gateway.Hosting;

/// <summary>The commands <c>Gateway.dll</c> runs instead of serving: <c>healthcheck</c>, <c>generate-encryption-key</c>, <c>reencrypt</c>.</summary>
public static class GatewayCommands
{
    /// <summary>The command's exit code, or null when <paramref name="args"/> name no command (serve).</summary>
    public static async Task<int?> RunAsync(string[] args) =>
        HealthCheckCommand.Matches(args) ? await HealthCheckCommand.RunAsync(args).ConfigureAwait(false)
        : StoreCommands.Matches(args) ? await StoreCommands.RunAsync(args).ConfigureAwait(false)
        : null;
}
