using Gateway.Configuration;
using Gateway.ManagedProviders;
using Gateway.Store;

namespace Gateway.Tests.Store;

public sealed class SecretCipherTests
{
    private static readonly byte[] Key1 = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] Key2 = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    [Fact]
    public void Encrypt_ThenDecrypt_SameRecordAndField_GivesThePlaintext()
    {
        var cipher = new SecretCipher([Key1]);
        var sealedValue = cipher.Encrypt("sk-secret-value", "row-1", SecretFields.ApiKey);
        Assert.Matches($"^v1:{SecretCipher.KeyId(Key1)}:[A-Za-z0-9+/=]+$", sealedValue);
        Assert.DoesNotContain("sk-secret", sealedValue, StringComparison.Ordinal);
        Assert.True(cipher.TryDecrypt(sealedValue, "row-1", SecretFields.ApiKey, out var plain));
        Assert.Equal("sk-secret-value", plain);
    }

    [Fact]
    public void Encrypt_Twice_UsesFreshNonces()
    {
        var cipher = new SecretCipher([Key1]);
        Assert.NotEqual(cipher.Encrypt("same", "row", "f"), cipher.Encrypt("same", "row", "f"));
    }

    [Fact]
    public void TryDecrypt_OtherRowOrField_Fails()
    {
        var cipher = new SecretCipher([Key1]);
        var sealedValue = cipher.Encrypt("sk-secret-value", "row-1", SecretFields.ApiKey);
        Assert.False(cipher.TryDecrypt(sealedValue, "row-2", SecretFields.ApiKey, out _));
        Assert.False(cipher.TryDecrypt(sealedValue, "row-1", SecretFields.AccessToken, out _));
    }

    [Fact]
    public void TryDecrypt_EveryFlippedByte_FailsAndNeverGivesAnotherPlaintext()
    {
        var cipher = new SecretCipher([Key1]);
        var sealedValue = cipher.Encrypt("sk-secret-value", "row-1", SecretFields.ApiKey);
        var prefix = sealedValue[..(sealedValue.LastIndexOf(':') + 1)];
        var bytes = Convert.FromBase64String(sealedValue[prefix.Length..]);
        for (var i = 0; i < bytes.Length; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i] ^= 0x01;
            Assert.False(cipher.TryDecrypt(prefix + Convert.ToBase64String(flipped), "row-1", SecretFields.ApiKey, out var plain));
            Assert.Equal("", plain);
        }
    }

    [Fact]
    public void SeveralKeys_FirstEncrypts_AllDecrypt()
    {
        var old = new SecretCipher([Key1]).Encrypt("secret", "row", "f");
        var rotated = new SecretCipher([Key2, Key1]);
        Assert.True(rotated.TryDecrypt(old, "row", "f", out var plain));
        Assert.Equal("secret", plain);
        Assert.Equal(SecretCipher.KeyId(Key2), SecretCipher.KeyIdOf(rotated.Encrypt("secret", "row", "f")));
        Assert.False(new SecretCipher([Key2]).TryDecrypt(old, "row", "f", out _));
    }

    [Fact]
    public void KeyText_RoundTrips_AndRejectsShortKeys()
    {
        Assert.True(EncryptionKeyText.TryParse(EncryptionKeyText.Format(Key1), out var parsed));
        Assert.Equal(Key1, parsed);
        Assert.False(EncryptionKeyText.TryParse(Convert.ToBase64String(new byte[16]), out _));
        Assert.False(EncryptionKeyText.TryParse("not base64 at all!", out _));
    }
}
