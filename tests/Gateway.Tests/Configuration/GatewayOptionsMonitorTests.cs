using Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class GatewayOptionsMonitorTests : IDisposable
{
    private const string Valid = """{ "Gateway": { "Providers": { "one": { "Url": "http://127.0.0.1:9/v1", "Smart": "one-smart" } } } }""";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gateway-monitor-{Guid.NewGuid():N}.json");
    private readonly ListLogger<GatewayOptionsMonitor> _logs = new();
    private IConfigurationRoot _configuration = null!;

    private GatewayOptionsMonitor CreateSut()
    {
        File.WriteAllText(_path, Valid);
        var builder = new ConfigurationBuilder().AddJsonFile(_path, optional: false, reloadOnChange: true);
        _configuration = builder.Build();
        ConfigurationFiles.IgnoreReloadErrors(builder);
        var options = new GatewayOptionsReader(_configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry).Read();
        return new GatewayOptionsMonitor(options, _configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry, _logs);
    }

    private void Edit(string json)
    {
        File.WriteAllText(_path, json);
        _configuration.Reload(); // what the file watcher does, without waiting for it
    }

    [Fact]
    public void Reload_ValidEdit_ReplacesOptions_AndRaisesChanged()
    {
        using var sut = CreateSut();
        var changed = 0;
        sut.Changed += () => Interlocked.Increment(ref changed);

        Edit(Valid.Replace("\"one\"", "\"two\"", StringComparison.Ordinal));

        Assert.Equal(["two"], sut.Current.Providers.Select(p => p.Name));
        Assert.True(Volatile.Read(ref changed) >= 1);
    }

    [Fact]
    public void Reload_InvalidSetting_KeepsOptions_AndLogsEveryError()
    {
        using var sut = CreateSut();
        var before = sut.Current;

        Edit("""{ "Gateway": { "Rotation": "sideways", "Providers": { "one": { "Url": "ftp://x", "Smart": "s" } } } }""");

        Assert.Same(before, sut.Current);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("unknown rotation 'sideways'", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("'ftp://x' is not an absolute http(s) URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Reload_FileNotJson_KeepsOptions_NotAnEmptyConfiguration()
    {
        using var sut = CreateSut();
        var before = sut.Current;

        Edit("""{ "Gateway": { "Providers": """);

        Assert.Same(before, sut.Current);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("not valid JSON", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        (_configuration as IDisposable)?.Dispose();
        File.Delete(_path);
    }
}
