using Gateway.Configuration;

namespace Gateway.Tests.Store;

public sealed class StoreConfigurationTests
{
    [Fact]
    public void DatabaseUrl_PostgresUrl_BecomesAnNpgsqlConnectionString()
    {
        Assert.True(DatabaseUrl.TryConvert("postgres://gw:p%40ss;x@db.local:6543/gateway?sslmode=require", out var converted));
        Assert.Equal("Host=db.local;Port=6543;Database=gateway;Username=gw;Password=\"p@ss;x\";SSL Mode=require", converted);
        Assert.True(DatabaseUrl.TryConvert("Host=a;Database=b", out var kept));
        Assert.Equal("Host=a;Database=b", kept);
        Assert.False(DatabaseUrl.TryConvert("mysql://a/b", out _));
    }

    [Fact]
    public void Read_DatabaseUrlAndEncryptionKeys_FromTheEnvironment()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["AI_DATABASE_URL"] = "postgres://u:pw@127.0.0.1:5432/gw",
            ["ENCRYPTION_KEY"] = Convert.ToBase64String(new byte[32]),
        });

        Assert.True(options.Store.IsPostgres);
        Assert.Single(options.Store.EncryptionKeys);
        Assert.Equal("ENCRYPTION_KEY", options.Store.EncryptionKeySetting);
        Assert.Empty(options.Providers);
        Assert.DoesNotContain("pw", options.Store.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadEncryptionKey_NamesTheVariable_WithoutTheValue()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(environment: new Dictionary<string, string?> { ["GATEWAY_ENCRYPTION_KEY"] = "tooshort-secret" }));
        Assert.Contains("GATEWAY_ENCRYPTION_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tooshort-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientKeys_WithOwners_InBothForms()
    {
        var options = TestOptions.Read(
            environment: new Dictionary<string, string?> { ["AI_CLIENT_KEYS"] = "owner:alice:key-a,key-plain" },
            settings: new Dictionary<string, string?> { ["Gateway:ClientKeys:0:Key"] = "key-b", ["Gateway:ClientKeys:0:Owner"] = "bob" });

        Assert.Equal("alice", options.ClientKeyOwners["key-a"]);
        Assert.Equal(GatewayOptions.StaticOwner, options.ClientKeyOwners["key-plain"]);
        Assert.Equal("bob", options.ClientKeyOwners["key-b"]);
        Assert.Equal(3, options.ClientKeys.Count);
    }
}
