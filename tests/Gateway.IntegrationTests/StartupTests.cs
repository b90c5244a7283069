using System.Diagnostics;

namespace Gateway.IntegrationTests;

/// <summary>The real gateway process: bad configuration stops start-up with a message naming the setting.</summary>
public sealed class StartupTests
{
    private static string GatewayDll()
    {
        // The test assembly's own bin folder holds Gateway.dll with its runtimeconfig, as built for this configuration.
        var path = Path.Combine(AppContext.BaseDirectory, "Gateway.dll");
        Assert.True(File.Exists(path), path);
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [GatewayDll(), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AI_", StringComparison.Ordinal) || k.StartsWith("OPENAI_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [InlineData("AI_ROTATION", "sideways", "AI_ROTATION: unknown rotation 'sideways'")]
    [InlineData("AI_GROQ_WEIGHT", "-1", "AI_GROQ_WEIGHT: weight must be a positive number")]
    [InlineData("AI_GROQ_URL", "groq.example", "AI_GROQ_URL: 'groq.example' is not an absolute http(s) URL")]
    public async Task BadConfiguration_StopsStartup_NamingTheVariable(string variable, string value, string expected)
    {
        var (exitCode, output) = await RunAsync(new() { ["AI_GROQ_KEY"] = "gsk-secret-value", [variable] = value });

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("gsk-secret-value", output, StringComparison.Ordinal);
    }
}
