using Gateway.WebConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Tests.Console;

public sealed class UsageQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static (UsageQuery Query, string? Error) Parse(params (string Key, string Value)[] fields) =>
        UsageQuery.Parse(new QueryCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value))), Now);

    [Fact]
    public void Parse_Nothing_IsTheLastSevenDaysByDay()
    {
        var (query, error) = Parse();

        Assert.Null(error);
        Assert.Equal(("2026-11-23", "2026-11-29", "day"), (query.FromDay, query.ToDay, query.GroupBy));
        Assert.Equal(7, query.Days.Count());
    }

    [Fact]
    public void Parse_AFullYear_Is366DaysAndAllowed()
    {
        var (query, error) = Parse(("from", "2024-01-01"), ("to", "2024-12-31"), ("group_by", "owner"));

        Assert.Null(error);
        Assert.Equal(366, query.Days.Count());
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-10", "day", "is after")]
    [InlineData("yesterday", "", "day", "'From' must be a UTC day")]
    [InlineData("", "2026-13-01", "day", "'To' must be a UTC day")]
    [InlineData("2024-01-01", "2025-01-01", "day", "at most 366")]
    [InlineData("", "", "body", "Unknown grouping 'body'")]
    public void Parse_BadInput_SaysWhatIsWrong(string from, string to, string groupBy, string message)
    {
        var (_, error) = Parse(("from", from), ("to", to), ("group_by", groupBy));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
