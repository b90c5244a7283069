using System.Text;
using Gateway.Accounts;
using Gateway.Accounts.Keys;

namespace Gateway.Tests.Accounts.Keys;

public sealed class ClientKeyInputTests
{
    [Fact]
    public void TryParse_FullBody_ReadsEveryField()
    {
        var ok = ClientKeyInput.TryParse(Encoding.UTF8.GetBytes(
            """{"owner":"carol","label":"ci","models":["smart","smart","alpha/*"],"expiresAt":"2030-01-31T00:00:00Z","limits":{"requestsPerMinute":60,"usdPerDay":0.05,"tokensPerMonth":null}}"""),
            out var input, out var error);

        Assert.True(ok, error);
        Assert.Equal("carol", input!.Owner);
        Assert.Equal(["smart", "alpha/*"], input.Models);
        Assert.Equal(new DateTimeOffset(2030, 1, 31, 0, 0, 0, TimeSpan.Zero), input.ExpiresAt);
        Assert.Equal(60, input.Limits!.RequestsPerMinute);
        Assert.Equal(0.05m, input.Limits.UsdPerDay);
        Assert.Null(input.Limits.TokensPerMonth);
    }

    [Fact]
    public void TryParse_NullFields_ClearOnAPatch()
    {
        Assert.True(ClientKeyInput.TryParse("""{"models":null,"limits":null,"expiresAt":null}"""u8, out var input, out _));
        Assert.True(input!.HasModels && input.HasLimits && input.HasExpiresAt);
        Assert.False(input.HasLabel || input.HasOwner);
        Assert.Null(input.Models);
        Assert.Null(input.Limits);
    }

    [Theory]
    [InlineData("""{"limits":{"tokensPerDay":-1}}""", "limits.tokensPerDay")]
    [InlineData("""{"limits":{"usdPerMonth":"5"}}""", "limits.usdPerMonth")]
    [InlineData("""{"limits":[]}""", "limits")]
    [InlineData("""{"models":[""]}""", "models")]
    [InlineData("""{"label":7}""", "label")]
    [InlineData("""{"hash":"x"}""", "hash")]
    public void TryParse_BadField_ErrorNamesIt(string json, string field)
    {
        Assert.False(ClientKeyInput.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.StartsWith(field, error, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitSetJson_RoundTrips_OnlyTheSetLimits()
    {
        var text = LimitSetJson.ToText(new Gateway.Accounts.LimitSet { TokensPerMinute = 1000, UsdPerMonth = 12.5m });
        Assert.Equal("""{"tokensPerMinute":1000,"usdPerMonth":12.5}""", text);
        Assert.Equal(new Gateway.Accounts.LimitSet { TokensPerMinute = 1000, UsdPerMonth = 12.5m }, LimitSetJson.FromText(text));
        Assert.Null(LimitSetJson.ToText(null));
    }

    [Fact]
    public void ClientKeyText_New_IsGwAnd43Base64UrlCharacters_HashIsSha256Hex()
    {
        var key = ClientKeyText.New();
        Assert.Matches("^gw-[A-Za-z0-9_-]{43}$", key);
        Assert.NotEqual(key, ClientKeyText.New());
        Assert.Matches("^[0-9a-f]{64}$", ClientKeyText.Hash(key));
    }
}
