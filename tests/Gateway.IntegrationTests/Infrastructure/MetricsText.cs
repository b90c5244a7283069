using System.Globalization;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Reads a Prometheus text exposition (OpenTelemetry's exporter) into series to value, and the family names. A series
/// is its name and its labels in name order (<c>name{a="1",b="2"}</c>), whatever order the exposition wrote them in;
/// the indexer takes labels in any order. A sample's optional timestamp is left out.
/// </summary>
internal sealed class MetricsText
{
    public MetricsText(string text)
    {
        Text = text;
        var samples = new Dictionary<string, double>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var (series, rest) = SplitSeries(line);
            var value = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            samples[series] = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            };
        }

        Samples = samples;
        Families = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, double> Samples { get; }

    public IReadOnlySet<string> Families { get; }

    public double this[string series] => Samples.TryGetValue(SplitSeries(series + " ").Series, out var value) ? value : 0;

    /// <summary>The samples of one family (<paramref name="name"/>) whose labels include every one of <paramref name="labels"/>.</summary>
    public IEnumerable<KeyValuePair<IReadOnlyDictionary<string, string>, double>> Where(string name, params (string Key, string Value)[] labels) =>
        Samples.Select(s => (Name: s.Key.Split('{')[0], Labels: ParseLabels(s.Key), s.Value))
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Select(s => KeyValuePair.Create<IReadOnlyDictionary<string, string>, double>(s.Labels, s.Value));

    public static async Task<MetricsText> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        var type = response.Content.Headers.ContentType;
        Assert.Equal("text/plain", type?.MediaType);
        Assert.Contains(type!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        return new MetricsText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The series (name and sorted labels) and what follows it on the line.</summary>
    private static (string Series, string Remainder) SplitSeries(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || (space >= 0 && space < brace))
        {
            return (line[..space], line[(space + 1)..]);
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var i = brace + 1;
        while (i < line.Length && line[i] != '}')
        {
            var eq = line.IndexOf('=', i);
            var key = line[i..eq].Trim(',', ' ');
            var value = new StringBuilder();
            var j = eq + 2; // past ="
            for (; line[j] != '"'; j++)
            {
                if (line[j] == '\\')
                {
                    j++;
                    value.Append(line[j] == 'n' ? '\n' : line[j]);
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            labels[key] = value.ToString();
            i = j + 1;
            while (i < line.Length && line[i] is ',' or ' ')
            {
                i++;
            }
        }

        var name = line[..brace];
        var series = labels.Count == 0 ? name : name + "{" + string.Join(",", labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")) + "}";
        return (series, line[(i + 1)..].TrimStart());
    }

    private static Dictionary<string, string> ParseLabels(string series) =>
        series.Contains('{', StringComparison.Ordinal)
            ? series[(series.IndexOf('{', StringComparison.Ordinal) + 1)..^1].Split("\",").Select(p => p.TrimEnd('"').Split("=\"", 2)).ToDictionary(p => p[0], p => p[1])
            : [];

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
