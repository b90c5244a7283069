using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>
/// No Docker engine runs here, so the image's build steps are exercised directly: the Dockerfile's own
/// <c>dotnet publish</c> command into a temporary folder, then the published gateway started as an unprivileged
/// user from a read-only folder, answering /healthz and the healthcheck command the HEALTHCHECK runs.
/// </summary>
public sealed partial class PublishedImageTests
{
    [Fact]
    public async Task DockerfilePublish_RunsAsNonRootFromAReadOnlyFolder_AndAnswersHealthz()
    {
        var dockerfile = await File.ReadAllTextAsync(Repository.Path("Dockerfile"));
        var publish = PublishCommand().Match(dockerfile);
        Assert.True(publish.Success, "no 'RUN dotnet publish src/Gateway/...' line in the Dockerfile");
        var root = Directory.CreateTempSubdirectory("gateway-image-");
        var app = Path.Combine(root.FullName, "app");
        try
        {
            // The same arguments as the Dockerfile, with the output folder moved (restore runs here since the Dockerfile's restore layer does not).
            var args = publish.Groups["args"].Value.Replace("--no-restore", "", StringComparison.Ordinal).Replace("-o /app", $"-o {app}", StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (code, output) = await Repository.RunAsync("dotnet", ["publish", .. args, "--nologo"]);
            Assert.True(code == 0, output);
            Assert.True(File.Exists(Path.Combine(app, "appsettings.json")), "appsettings.json is not next to the binary");
            Assert.False(File.Exists(Path.Combine(app, "Gateway")), "UseAppHost=false must leave no native host");

            // Read-only for everyone, owned by root; the gateway runs as nobody (the temporary folder is created 0700).
            Assert.Equal(0, (await Repository.RunAsync("chmod", "-R", "a+rX,a-w", root.FullName)).ExitCode);
            var port = Ports.Free();
            var start = new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dotnet", Path.Combine(app, "Gateway.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = app,
            };
            start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["HOME"] = "/tmp";
            // The image's writable data folder (the Dockerfile makes /app/data the app user's); here one nobody can create.
            start.Environment["Gateway__Store__DataDirectory"] = Path.Combine("/tmp", "gateway-image-data-" + Guid.NewGuid().ToString("N"), "data");
            start.Environment["DOTNET_CLI_HOME"] = "/tmp";
            using var gateway = Process.Start(start)!;
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            gateway.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
            gateway.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
            gateway.BeginOutputReadLine();
            gateway.BeginErrorReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                HttpResponseMessage? health = null;
                for (var i = 0; i < 200 && health?.IsSuccessStatusCode != true; i++)
                {
                    try
                    {
                        health = await client.GetAsync("/healthz");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(50);
                    }
                }

                Assert.True(health?.IsSuccessStatusCode, "the published gateway did not answer /healthz: " + string.Join("\n", log));
                var check = await Repository.RunAsync("dotnet", Path.Combine(app, "Gateway.dll"), "healthcheck", $"http://127.0.0.1:{port}/healthz");
                Assert.Equal(0, check.ExitCode);
                var uid = File.ReadLines($"/proc/{gateway.Id}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
                Assert.Equal(65534, int.Parse(uid, System.Globalization.CultureInfo.InvariantCulture)); // nobody
            }
            finally
            {
                gateway.Kill();
                await gateway.WaitForExitAsync();
            }

            var failed = await Repository.RunAsync("dotnet", Path.Combine(app, "Gateway.dll"), "healthcheck", $"http://127.0.0.1:{port}/healthz");
            Assert.Equal(1, failed.ExitCode);
        }
        finally
        {
            await Repository.RunAsync("chmod", "-R", "u+w", root.FullName);
            root.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"RUN dotnet publish (?<args>src/Gateway/Gateway\.csproj[^\n]*)")]
    private static partial Regex PublishCommand();
}
