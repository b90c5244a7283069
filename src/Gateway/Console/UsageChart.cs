using System.Globalization;
using System.Text;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>A horizontal SVG bar chart drawn on the server (no script, no library), scaled to the page width by its viewBox.</summary>
internal static class UsageChart
{
    public static void Write(StringBuilder html, IReadOnlyList<(string Label, double Cost, long Tokens)> bars)
    {
        if (bars.Count == 0)
        {
            html.Append("<p>Nothing to chart yet.</p>");
            return;
        }

        const int rowHeight = 28, labelWidth = 220, barWidth = 520;
        var max = Math.Max(bars.Max(b => b.Cost), 1e-12);
        var height = bars.Count * rowHeight;
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"Cost by provider\" viewBox=\"0 0 {labelWidth + barWidth + 160} {height}\" preserveAspectRatio=\"xMinYMin meet\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, cost, tokens) = bars[i];
            var y = i * rowHeight;
            var width = Math.Max(1, cost / max * barWidth);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 18}\">{E(label)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{width:0.0}\" height=\"18\"></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + width + 6:0.0}\" y=\"{y + 18}\">${cost:0.0000} · {tokens} tok</text>");
        }

        html.Append("</svg>");
    }
}
