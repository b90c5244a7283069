using Gateway.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class AdminKeyTests
{
    [Theory]
    [InlineData("AI_ADMIN_KEY", "change-me")]
    [InlineData("AI_ADMIN_KEY", "admin-key-0123456789-ab")]
    [InlineData("Gateway:AdminKey", "short-key-9")]
    public void Read_ShortAdminKey_StopsStartUp_NamingTheSettingAndTheGenerateCommand(string variable, string key)
    {
        var values = new Dictionary<string, string?> { [variable] = key };
        var error = Assert.Throws<GatewayConfigurationException>(() => variable.StartsWith("AI_", StringComparison.Ordinal)
            ? TestOptions.Read(environment: values)
            : TestOptions.Read(settings: values));
        var message = Assert.Single(error.Errors);
        Assert.Contains(variable, message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -hex 32", message, StringComparison.Ordinal);
        Assert.Contains("24", message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AdminKeyOf24Characters_IsAccepted() =>
        Assert.Equal(new string('k', 24), TestOptions.Read(settings: new Dictionary<string, string?> { ["Gateway:AdminKey"] = new string('k', 24) }).AdminKey);
}
