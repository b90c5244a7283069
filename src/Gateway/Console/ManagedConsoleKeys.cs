using System.Text.Json;
using Gateway.Accounts.Keys;

namespace Gateway.WebConsole;

/// <summary>The Keys page on the managed client keys (the same manager as <c>/admin/keys</c>: audit, store version, every replica).</summary>
internal sealed class ManagedConsoleKeys(ClientKeyManager keys) : IConsoleKeys
{
    public bool Available => true;

    public async Task<IReadOnlyList<ConsoleKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        var records = await keys.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(r => new ConsoleKeyView(r.Id, r.Prefix, r.Owner, r.Label, [.. ClientKeyJson.ModelsFromText(r.Models)], r.CreatedAt, r.ExpiresAt, r.LastUsedAt, r.RevokedAt))];
    }

    public async Task<(string? Secret, string? Error)> CreateAsync(string owner, string? label, IReadOnlyList<string> models, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken)
    {
        // The form's fields go through the admin API's own parser, so both refuse the same input the same way.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("owner", owner);
            if (label is not null)
            {
                writer.WriteString("label", label);
            }

            if (models.Count > 0)
            {
                writer.WriteStartArray("models");
                foreach (var model in models)
                {
                    writer.WriteStringValue(model);
                }

                writer.WriteEndArray();
            }

            if (expiresAt is { } expires)
            {
                writer.WriteString("expiresAt", expires);
            }

            writer.WriteEndObject();
        }

        var body = buffer.WrittenSpan;
        if (!ClientKeyInput.TryParse(body, out var input, out var error))
        {
            return (null, error);
        }

        var (_, key, failure) = await keys.CreateAsync(input!, actor, cancellationToken).ConfigureAwait(false);
        return (key, failure?.Message);
    }

    public async Task<string?> RevokeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var (_, failure) = await keys.RevokeAsync(id, actor, cancellationToken).ConfigureAwait(false);
        return failure?.Message;
    }
}
