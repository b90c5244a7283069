using System.Text.Json;
using Gateway.WebConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Tests.Console;

public sealed class ProviderFormTests
{
    [Fact]
    public void ForCreate_FullForm_BuildsTheApiInput()
    {
        var (input, error) = ProviderForm.ForCreate(Form(("type", "OpenAI"), ("apiKey", " sk-1 "), ("label", "Main"), ("baseUrl", "http://127.0.0.1:9/v1"),
            ("smart", "gpt-big"), ("models", "a, b,,c"), ("weight", "2.5"), ("priority", "3"), ("usageLimit", "1000"), ("isDefault", "on"), ("owner", "bob")), admin: true);

        Assert.Null(error);
        Assert.Equal("openai", input!.Provider);
        Assert.Equal("sk-1", input.ApiKey);
        Assert.True(input.IsDefault);
        Assert.Equal(1000, input.UsageLimit);
        Assert.Equal("bob", input.Owner);
        Assert.Equal("""["a","b","c"]""", input.SupportedModels);
        using var config = JsonDocument.Parse(input.ProviderConfig!);
        Assert.Equal("gpt-big", config.RootElement.GetProperty("smart").GetString());
        Assert.Equal(2.5, config.RootElement.GetProperty("weight").GetDouble());
        Assert.Equal(3, config.RootElement.GetProperty("priority").GetInt32());
    }

    [Fact]
    public void ForCreate_ClientSession_IgnoresOwnerField() =>
        Assert.Null(ProviderForm.ForCreate(Form(("type", "openai"), ("owner", "bob")), admin: false).Input!.Owner);

    [Theory]
    [InlineData("weight", "-1", "Weight")]
    [InlineData("weight", "x", "Weight")]
    [InlineData("priority", "0", "Priority")]
    [InlineData("usageLimit", "1.5", "usageLimit")]
    public void ForCreate_BadNumber_IsAMessageNamingTheField(string field, string value, string named)
    {
        var (input, error) = ProviderForm.ForCreate(Form(("type", "openai"), (field, value)), admin: true);
        Assert.Null(input);
        Assert.StartsWith(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ForUpdate_KeepsConfigFieldsTheFormDoesNotShow_AndClearsAnEmptyLimit()
    {
        var (input, error) = ProviderForm.ForUpdate(Form(("smart", "new-smart"), ("label", "L")), """{"smart":"old","maxTokens":4000,"fast":"f"}""");

        Assert.Null(error);
        Assert.True(input!.ClearsUsageLimit);
        Assert.Equal("[]", input.SupportedModels);
        using var config = JsonDocument.Parse(input.ProviderConfig!);
        Assert.Equal("new-smart", config.RootElement.GetProperty("smart").GetString());
        Assert.Equal(4000, config.RootElement.GetProperty("maxTokens").GetInt32());
        Assert.False(config.RootElement.TryGetProperty("fast", out _));
    }

    [Theory]
    [InlineData("http://10.0.0.1/v1", false, true)]
    [InlineData("http://10.0.0.2/v1", false, false)]
    [InlineData("http://10.0.0.2/v1", true, true)]
    public void ForUpdate_OwnerChangingTheBaseUrl_DropsTheAdminsAllowPrivateNetwork(string baseUrl, bool admin, bool kept)
    {
        var (input, _) = ProviderForm.ForUpdate(Form(("baseUrl", baseUrl), ("smart", "m")), """{"baseUrl":"http://10.0.0.1/v1","smart":"m","allowPrivateNetwork":true}""", admin);

        using var config = JsonDocument.Parse(input!.ProviderConfig!);
        Assert.Equal(kept, config.RootElement.TryGetProperty("allowPrivateNetwork", out _));
    }

    private static FormCollection Form(params (string Name, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Name, f => new StringValues(f.Value)));
}
