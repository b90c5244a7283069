using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Gateway.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>
/// <c>dotnet Gateway.dll generate-encryption-key</c> prints a new AES-256 key (the seed's setup step) and
/// <c>dotnet Gateway.dll reencrypt</c> rewrites every stored secret under the first configured key, online: each row
/// in its own transaction, with an audit line, while gateways keep serving (configure the new key first everywhere,
/// run this, then drop the old key).
/// </summary>
public static class StoreCommands
{
    public static bool Matches(string[] args) => args is ["generate-encryption-key", ..] or ["reencrypt", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == "generate-encryption-key")
        {
            var key = SecretCipher.NewKey();
            await Console.Out.WriteLineAsync(EncryptionKeyText.Format(key)).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"Key id {SecretCipher.KeyId(key)}. Set it as GATEWAY_ENCRYPTION_KEY (several keys, comma-separated: the first encrypts, all decrypt). Keep it secret: without it stored provider keys cannot be read.").ConfigureAwait(false);
            return 0;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args[1..], ContentRootPath = AppContext.BaseDirectory });
        builder.AddGateway();
        await using var app = builder.Build();
        var (rows, secrets, failed) = await ReencryptAsync(app.Services, CancellationToken.None).ConfigureAwait(false);
        var cipher = app.Services.GetRequiredService<SecretCipher>();
        await Console.Out.WriteLineAsync($"reencrypt: {secrets} secret(s) of {rows} provider(s) now under key {cipher.CurrentKeyId}; {failed} could not be opened").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Rewrites every provider's secrets under the current key; the rows and secrets rewritten and the secrets no key opened.</summary>
    internal static async Task<(int Rows, int Secrets, int Failed)> ReencryptAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IManagedProviderStore>();
        var cipher = services.GetRequiredService<SecretCipher>();
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (!cipher.CanEncrypt)
        {
            throw new GatewayConfigurationException("GATEWAY_ENCRYPTION_KEY: no encryption key is configured");
        }

        await services.GetRequiredService<StoreMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var (rows, secrets, failed) = (0, 0, 0);
        foreach (var record in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var rewritten = 0;
            string? Again(string? sealedValue, string field)
            {
                if (sealedValue is null)
                {
                    return null;
                }

                if (!cipher.TryDecrypt(sealedValue, record.Id, field, out var plain))
                {
                    failed++;
                    return sealedValue;
                }

                rewritten++;
                return cipher.Encrypt(plain, record.Id, field);
            }

            var updated = record with
            {
                ApiKey = Again(record.ApiKey, SecretFields.ApiKey),
                AccessToken = Again(record.AccessToken, SecretFields.AccessToken),
                RefreshToken = Again(record.RefreshToken, SecretFields.RefreshToken),
            };
            if (rewritten > 0)
            {
                await store.UpdateAsync(updated, new AuditEntry(0, time.GetUtcNow(), "reencrypt", "reencrypt", record.Id, record.Owner, record.Provider, $"key {cipher.CurrentKeyId}"), cancellationToken).ConfigureAwait(false);
                (rows, secrets) = (rows + 1, secrets + rewritten);
            }
        }

        return (rows, secrets, failed);
    }
}
