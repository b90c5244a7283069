using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Tenancy;

/// <summary>
/// The embedded store cannot be opened: a corrupt file, a file in its place that is no file (a folder), a data folder
/// that cannot be created. The process stops at start-up with exit code 2 and a message naming the file and the
/// setting, never an unhandled exception (134) or a gateway running without its keys.
/// </summary>
public sealed class StoreOpenFailureTests
{
    [Theory]
    [InlineData("corrupt")]
    [InlineData("folder-in-place-of-the-file")]
    [InlineData("data-folder-is-a-file")]
    public async Task SqliteStoreThatCannotBeOpened_ExitsWith2_NamingTheFileAndTheSetting(string damage)
    {
        var root = Directory.CreateTempSubdirectory("gateway-badstore-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            var file = Path.Combine(data, "gateway.db");
            switch (damage)
            {
                case "corrupt":
                    Directory.CreateDirectory(data);
                    await File.WriteAllBytesAsync(file, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 37))]);
                    break;
                case "folder-in-place-of-the-file":
                    Directory.CreateDirectory(file);
                    break;
                default:
                    await File.WriteAllTextAsync(data, "not a folder");
                    break;
            }

            var env = StoreBackend.Environment().ToDictionary(p => p.Key, p => p.Value!);
            env["Gateway__Store__DataDirectory"] = data;
            await using var process = GatewayProcess.Start(env);
            await process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.Process.ExitCode == 2, $"exit {process.Process.ExitCode}: {process.Output}");
            Assert.Contains("Gateway:Store:DataDirectory", process.Output, StringComparison.Ordinal);
            Assert.Contains(file, process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(StoreBackend.AdminKey, process.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
