using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Buffers;
using Gateway.Routing;

namespace Gateway.Caching;

/// <summary>
/// The name of a kept answer: the SHA-256 (hex) of what makes two requests the same request. That is the operation,
/// the caller's scope (its owner: entries are never shared across owners; a key without an owner is its own scope),
/// what the model resolved to (the candidate set's name and the upstream models it may reach, so a tier pointed at
/// another model misses), whether the answer streams, and the body in <see cref="CanonicalJson"/> form without
/// <c>stream</c> (said by the stream flag). A stream and a whole answer are kept apart: they are different bytes.
/// </summary>
internal static class CacheKey
{
    private const string Version = "gateway-cache/1";

    private static readonly string[] Omitted = ["stream"];

    public static string Compute(string operation, string scope, CandidateSet candidates, string clientModel, bool stream, JsonElement body)
    {
        using var buffer = new RentedBufferWriter(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // One JSON array: every part is length-safe (a string's quotes and escapes end it), so no two parts can run into each other.
            writer.WriteStartArray();
            writer.WriteStringValue(Version);
            writer.WriteStringValue(operation);
            writer.WriteStringValue(scope);
            writer.WriteStringValue(candidates.Name);
            writer.WriteStartArray();
            foreach (var model in Models(candidates, clientModel))
            {
                writer.WriteStringValue(model);
            }

            writer.WriteEndArray();
            writer.WriteBooleanValue(stream);
            CanonicalJson.Write(writer, body, Omitted);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenMemory.Span));
    }

    private static SortedSet<string> Models(CandidateSet candidates, string clientModel)
    {
        var models = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates.Candidates)
        {
            models.Add(candidate.UpstreamModel ?? clientModel);
        }

        return models;
    }
}
