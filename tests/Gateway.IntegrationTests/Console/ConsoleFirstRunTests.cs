using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// A first run explains the console: the start-up log names its URL (with the bound port) and what signing in needs,
/// and the sign-in page says when no admin key is configured.
/// </summary>
public sealed class ConsoleFirstRunTests
{
    [Fact]
    public async Task NoAdminKey_LogNamesTheUrl_AndTheSignInPageSaysOnlyClientKeysCanSignIn()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>());

        var line = Assert.Single(gateway.Logs.Lines, l => l.Contains("Console: ", StringComparison.Ordinal));
        Assert.Contains(gateway.Root + "/console", line, StringComparison.Ordinal);
        Assert.Contains("no admin key is configured", line, StringComparison.Ordinal);
        var page = await gateway.Client.GetStringAsync("/console/signin");
        Assert.Contains("id=\"no-admin-key\"", page, StringComparison.Ordinal);
        Assert.Contains("AI_ADMIN_KEY", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKey_LogSaysSignInWithIt_AndTheSignInPageHasNoWarning()
    {
        const string admin = "console-first-run-admin-key-0123456789";
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["AI_ADMIN_KEY"] = admin });

        var line = Assert.Single(gateway.Logs.Lines, l => l.Contains("Console: ", StringComparison.Ordinal));
        Assert.Contains("sign in with the admin key", line, StringComparison.Ordinal);
        Assert.DoesNotContain(admin, string.Join('\n', gateway.Logs.Lines), StringComparison.Ordinal);
        var page = await gateway.Client.GetStringAsync("/console/signin");
        Assert.DoesNotContain("no-admin-key", page, StringComparison.Ordinal);
    }
}
