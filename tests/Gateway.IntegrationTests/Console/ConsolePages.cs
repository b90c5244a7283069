using System.Net;
using System.Text.RegularExpressions;

namespace Gateway.IntegrationTests.Console;

/// <summary>The console over plain HTTP for the Usage and Health tests: a signed-in GET, and a table's rows read back by their header cell.</summary>
internal static partial class ConsolePages
{
    public static HttpClient NewClient(string root) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(root) };

    public static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The body rows of table <paramref name="id"/>: the row header's text and the cells after it (empty when the table is absent).</summary>
    public static Dictionary<string, string[]> Rows(string html, string id)
    {
        var table = Regex.Match(html, $"<table id=\"{id}\"[^>]*>.*?<tbody[^>]*>(.*?)</tbody>", RegexOptions.Singleline);
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(table.Groups[1].Value))
        {
            rows[WebUtility.HtmlDecode(row.Groups[1].Value)] = [.. Cell().Matches(row.Groups[2].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value))];
        }

        return rows;
    }

    [GeneratedRegex("<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<td>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();
}
