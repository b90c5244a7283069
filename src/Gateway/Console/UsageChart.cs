using System.Globalization;
using System.Text;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// A vertical SVG bar chart of one value per day, drawn on the server (no script, no library) and scaled to the page by
/// its viewBox: a title and description for screen readers, a labelled value axis (0, half, top) and day axis (at most
/// eight day labels, so a year still reads).
/// </summary>
internal static class UsageChart
{
    private const int Width = 880, Height = 260, Left = 90, Right = 16, Top = 16, Bottom = 52;

    /// <param name="html">Where the chart goes.</param>
    /// <param name="id">The chart's id (its title and description ids derive from it).</param>
    /// <param name="title">What the chart shows, e.g. <c>Spend per day (USD)</c>.</param>
    /// <param name="axis">The value axis' label.</param>
    /// <param name="days">Every day of the range with its value (zero for a day without usage).</param>
    /// <param name="format">How a value is written on the axis and in each bar's tooltip.</param>
    public static void Write(StringBuilder html, string id, string title, string axis, IReadOnlyList<(string Day, double Value)> days, Func<double, string> format)
    {
        var max = days.Count == 0 ? 0 : days.Max(d => d.Value);
        var top = max > 0 ? max : 1;
        var (plotWidth, plotHeight) = (Width - Left - Right, Height - Top - Bottom);
        var slot = (double)plotWidth / Math.Max(1, days.Count);
        var desc = days.Count == 0 ? "No days." : $"{days.Count} days from {days[0].Day} to {days[^1].Day}; highest {format(max)}; total {format(days.Sum(d => d.Value))}.";
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {Height}\" preserveAspectRatio=\"xMinYMin meet\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(desc)}</desc>");

        // The value axis: a line, three ticks with their values, and its label turned along it.
        html.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"></line>")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + plotHeight}\"></line>");
        foreach (var share in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + plotHeight - share * plotHeight;
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"gridline\" x1=\"{Left}\" y1=\"{y:0.0}\" x2=\"{Width - Right}\" y2=\"{y:0.0}\"></line>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{y + 4:0.0}\" text-anchor=\"end\">{E(format(share * (max > 0 ? max : 0)))}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" transform=\"rotate(-90)\" x=\"{-(Top + plotHeight / 2)}\" y=\"14\" text-anchor=\"middle\">{E(axis)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Left + plotWidth / 2}\" y=\"{Height - 4}\" text-anchor=\"middle\">Day (UTC)</text>");

        var every = Math.Max(1, (int)Math.Ceiling(days.Count / 8.0));
        for (var i = 0; i < days.Count; i++)
        {
            var (day, value) = days[i];
            var height = value / top * plotHeight;
            var x = Left + i * slot;
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + slot * 0.1:0.0}\" y=\"{Top + plotHeight - height:0.0}\" width=\"{Math.Max(0.5, slot * 0.8):0.0}\" height=\"{height:0.0}\"><title>{E(day)}: {E(format(value))}</title></rect>");
            if (i % every == 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x + slot / 2:0.0}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{E(day[5..])}</text>");
            }
        }

        html.Append("</svg>");
    }
}
