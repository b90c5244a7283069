using System.Diagnostics;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Runs <c>redis-cli</c> against 127.0.0.1 and returns what it printed.</summary>
internal static class RedisCli
{
    public static async Task<string> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var cli = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start");
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return await output + await errors;
    }
}
