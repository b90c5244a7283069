using System.Text;
using System.Text.Json;
using Gateway.Accounts;
using Xunit;

namespace Gateway.Tests.Accounts;

public sealed class LimitSetJsonTests
{
    private static readonly LimitSet Some = new() { TokensPerMinute = 1000, UsdPerDay = 0.05m };

    [Fact]
    public void ToText_WithNulls_WritesEveryField_AsTheOwnersApi()
    {
        Assert.Equal("""{"requestsPerMinute":null,"tokensPerMinute":1000,"usdPerDay":0.05,"usdPerMonth":null,"tokensPerDay":null,"tokensPerMonth":null,"maxConcurrent":null}""",
            LimitSetJson.ToText(Some, withNulls: true));
        Assert.Equal("""{"requestsPerMinute":null,"tokensPerMinute":null,"usdPerDay":null,"usdPerMonth":null,"tokensPerDay":null,"tokensPerMonth":null,"maxConcurrent":null}""",
            LimitSetJson.ToText(null, withNulls: true));
    }

    [Fact]
    public void ToText_WithoutNulls_WritesOnlyTheSetFields_AsTheKeysApi()
    {
        Assert.Equal("""{"tokensPerMinute":1000,"usdPerDay":0.05}""", LimitSetJson.ToText(Some));
        Assert.Null(LimitSetJson.ToText(null));
    }

    [Fact]
    public void MaxConcurrent_Alone_IsALimit_ButNotACountedOne()
    {
        var set = LimitSetJson.FromText("""{"maxConcurrent":2}""")!;
        Assert.Equal((2L, false, true), (set.MaxConcurrent!.Value, set.IsEmpty, set.IsUncounted));
        Assert.Equal("""{"maxConcurrent":2}""", LimitSetJson.ToText(set));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FromText_EitherForm_RoundTrips(bool withNulls) => Assert.Equal(Some, LimitSetJson.FromText(LimitSetJson.ToText(Some, withNulls)));

    [Theory]
    [InlineData("""{"usdPerDay":-1}""", "usdPerDay must be a number from 0, or null")]
    [InlineData("""{"requestsPerMinute":1.5}""", "requestsPerMinute must be a whole number from 0, or null")]
    [InlineData("""{"perYear":1}""", "perYear is not a limit (known: ")]
    public void TryRead_BadField_ErrorNamesItWithThePrefix(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(LimitSetJson.TryRead(document.RootElement, "limits.", out _, out var keyError));
        Assert.StartsWith("limits." + expected, keyError, StringComparison.Ordinal);
        Assert.False(LimitSetJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out var ownerError));
        Assert.StartsWith(expected, ownerError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"usdPerDay":null}""")]
    public void TryParse_NoLimitSet_IsValidAndNull(string json)
    {
        Assert.True(LimitSetJson.TryParse(Encoding.UTF8.GetBytes(json), out var limits, out var error));
        Assert.Null(limits);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("{not json", "The body is not valid JSON.")]
    [InlineData("[1]", "The body must be a JSON object of limits.")]
    [InlineData("null", "The body must be a JSON object of limits.")]
    public void TryParse_NotAnObject_Refused(string json, string expected)
    {
        Assert.False(LimitSetJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_WholeNumberWrittenWithAFraction_IsAccepted()
    {
        using var document = JsonDocument.Parse("""{"requestsPerMinute":60.0}""");
        Assert.True(LimitSetJson.TryRead(document.RootElement, "limits.", out var limits, out _));
        Assert.Equal(60, limits!.RequestsPerMinute);
    }
}
