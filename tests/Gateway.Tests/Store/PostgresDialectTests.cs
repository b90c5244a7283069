using Gateway.Store;
using Npgsql;
using Xunit;

namespace Gateway.Tests.Store;

public sealed class PostgresDialectTests
{
    [Fact]
    public void Settings_TurnGssEncryptionOff_UnlessAskedFor()
    {
        // Npgsql 10 prefers GSS encryption, which needs Kerberos' library: missing in the .NET runtime images, where the
        // gateway's start failed once PostgreSQL answered (the compose test on CI).
        var plain = PostgresDialect.Settings("Host=127.0.0.1;Username=gateway;Password=pw;Database=gateway", TimeSpan.FromSeconds(5));
        Assert.Equal(GssEncryptionMode.Disable, plain.GssEncryptionMode);
        Assert.Equal(5, plain.Timeout);
        Assert.Equal("gateway", plain.ApplicationName);

        var asked = PostgresDialect.Settings("Host=127.0.0.1;Username=gateway;GSS Encryption Mode=Require", TimeSpan.FromSeconds(5));
        Assert.Equal(GssEncryptionMode.Require, asked.GssEncryptionMode);
        var askedCompact = PostgresDialect.Settings("Host=127.0.0.1;Username=gateway;GssEncryptionMode=Prefer", TimeSpan.FromSeconds(5));
        Assert.Equal(GssEncryptionMode.Prefer, askedCompact.GssEncryptionMode);
    }
}
