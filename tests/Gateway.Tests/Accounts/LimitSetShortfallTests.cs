using System.Text;
using Gateway.Accounts;
using Xunit;

namespace Gateway.Tests.Accounts;

/// <summary><c>onShortfall</c> in both limits APIs: read, written back only when set, checked, and never a limit itself.</summary>
public sealed class LimitSetShortfallTests
{
    [Fact]
    public void TryParse_Clamp_IsReadAndWrittenBack()
    {
        Assert.True(LimitSetJson.TryParse("""{"usdPerDay":5,"onShortfall":"clamp"}"""u8, out var limits, out _));

        Assert.True(limits!.Clamps);
        Assert.Equal("""{"usdPerDay":5,"onShortfall":"clamp"}""", LimitSetJson.ToText(limits));
        Assert.Equal(limits, LimitSetJson.FromText(LimitSetJson.ToText(limits, withNulls: true)));
    }

    [Fact]
    public void TryParse_OnlyTheSetting_IsNoLimit()
    {
        Assert.True(LimitSetJson.TryParse("""{"onShortfall":"refuse"}"""u8, out var limits, out _));

        Assert.True(limits!.IsEmpty);
        Assert.False(limits.Clamps);
    }

    [Theory]
    [InlineData("""{"onShortfall":"shrink"}""")]
    [InlineData("""{"onShortfall":1}""")]
    public void TryParse_UnknownValue_NamesTheField(string json)
    {
        Assert.False(LimitSetJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains("onShortfall must be \"refuse\" or \"clamp\"", error, StringComparison.Ordinal);
    }
}
