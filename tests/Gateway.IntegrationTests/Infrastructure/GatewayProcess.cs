using System.Diagnostics;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The built gateway as its own process (Gateway.dll with the shipped appsettings.json beside it, as the test's bin
/// folder holds them), on a free loopback port, with only the environment the test gives (no inherited AI_*).
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, int port)
    {
        Process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public Process Process { get; }

    public int Port { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static GatewayProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AI_", StringComparison.Ordinal) || k.StartsWith("Gateway__", StringComparison.Ordinal) || k is "GATEWAY_CONFIG" or "OPENAI_API_KEY").ToList())
        {
            start.Environment.Remove(key);
        }

        // As in GatewayHost: owners' providers may reach FakeUpstream on loopback unless the test says otherwise.
        start.Environment["Gateway__Outbound__AllowedNetworks"] = "127.0.0.0/8";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var gateway = new GatewayProcess(Process.Start(start)!, port);
        gateway.Process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        gateway.Process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        gateway.Process.BeginOutputReadLine();
        gateway.Process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>Polls /healthz (at most 30 s: a process start on a loaded two-core machine once took more than 10).</summary>
    public async Task WaitUntilUpAsync()
    {
        for (var i = 0; i < 600 && !Process.HasExited; i++)
        {
            try
            {
                if ((await Client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the gateway did not start: " + Output);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
