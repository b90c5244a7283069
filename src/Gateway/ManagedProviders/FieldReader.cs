using System.Text.Json;

namespace Gateway.ManagedProviders;

/// <summary>Typed fields of one JSON object, keeping the first problem (naming the field) instead of throwing.</summary>
internal sealed class FieldReader(JsonElement root, string prefix = "providerConfig.")
{
    public string? Error { get; private set; }

    public string? Text(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 256)
        {
            Fail($"{prefix}{name} must be a string of at most 256 characters");
            return null;
        }

        return value.GetString() is { Length: > 0 } text ? text : null;
    }

    public IReadOnlyList<string> Texts(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || v.GetString()!.Length is 0 or > 256))
        {
            Fail($"{prefix}{name} must be an array of names");
            return [];
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    public double Number(string name, double fallback, double min, double max, bool whole = false)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !(value.GetDouble() is var number && number >= min && number <= max) || (whole && number != Math.Floor(number)))
        {
            Fail($"{prefix}{name} must be a {(whole ? "whole number" : "number")} from {min} to {max}");
            return fallback;
        }

        return number;
    }

    public int? Optional(string name, int min, int max) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? (int)Number(name, min, min, max, whole: true) : null;

    public bool? Bool(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail($"{prefix}{name} must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    private void Fail(string message) => Error ??= message;
}
