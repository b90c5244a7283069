using System.Globalization;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Reads a Prometheus text exposition into series name-with-labels to value, and the family names.</summary>
internal sealed class MetricsText(string text)
{
    public string Text => text;

    public IReadOnlyDictionary<string, double> Samples { get; } = text.Split('\n')
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => (Series: l[..l.LastIndexOf(' ')], Value: l[(l.LastIndexOf(' ') + 1)..]))
        .ToDictionary(s => s.Series, s => s.Value == "+Inf" ? double.PositiveInfinity : double.Parse(s.Value, CultureInfo.InvariantCulture));

    public IReadOnlySet<string> Families { get; } = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();

    public double this[string series] => Samples.TryGetValue(series, out var value) ? value : 0;

    public static async Task<MetricsText> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return new MetricsText(await response.Content.ReadAsStringAsync());
    }
}
