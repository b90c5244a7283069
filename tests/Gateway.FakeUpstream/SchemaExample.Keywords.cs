using System.Text.Json;

namespace Gateway.FakeUpstream;

public static partial class SchemaExample
{
    /// <summary>How deep allOf parts are searched for an implied object type (few levels, so wide allOf trees stay cheap).</summary>
    private const int MaxImpliedDepth = 4;

    /// <summary>Follows local references (<c>#</c>, <c>#/$defs/X</c>, any <c>#/a/b</c> pointer); an unresolvable one stays as is.</summary>
    private static JsonElement Resolve(JsonElement schema, JsonElement root)
    {
        for (var hops = 0; hops < MaxDepth && schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String && reference.GetString() is { } pointer && pointer.StartsWith('#'); hops++)
        {
            var target = root;
            foreach (var part in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
                {
                    return schema;
                }
            }

            schema = target;
        }

        return schema;
    }

    /// <summary>The first branch of anyOf/oneOf that is not just <c>{"type":"null"}</c> (else the first).</summary>
    private static JsonElement? Branch(JsonElement schema, string keyword, JsonElement root)
    {
        if (!schema.TryGetProperty(keyword, out var branches) || branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
        {
            return null;
        }

        foreach (var branch in branches.EnumerateArray())
        {
            if (TypeOf(Resolve(branch, root), root, 0) != "null")
            {
                return branch;
            }
        }

        return branches[0];
    }

    /// <summary>The schema's type, said or implied (by properties, items, or an object allOf part, looked into a bounded depth).</summary>
    private static string? TypeOf(JsonElement schema, JsonElement root, int depth = 0)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxImpliedDepth)
        {
            return null;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString();
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var names = type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()).ToList();
                return names.FirstOrDefault(t => t != "null") ?? names.FirstOrDefault();
            }
        }

        if (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("required", out _) || schema.TryGetProperty("additionalProperties", out _)
            || AllOf(schema, root).Any(b => TypeOf(b, root, depth + 1) == "object"))
        {
            return "object";
        }

        return schema.TryGetProperty("items", out _) || schema.TryGetProperty("prefixItems", out _) ? "array" : null;
    }

    private static double Number(JsonElement schema, double value, bool integer)
    {
        double? Bound(string name) => schema.TryGetProperty(name, out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : null;
        var step = integer ? 1 : 0.5;
        if (Bound("minimum") is { } min && value < min)
        {
            value = integer ? Math.Ceiling(min) : min;
        }

        if (Bound("exclusiveMinimum") is { } exMin && value <= exMin)
        {
            value = integer ? Math.Floor(exMin) + 1 : exMin + step;
        }

        if (Bound("maximum") is { } max && value > max)
        {
            value = integer ? Math.Floor(max) : max;
        }

        if (Bound("exclusiveMaximum") is { } exMax && value >= exMax)
        {
            value = integer ? Math.Ceiling(exMax) - 1 : exMax - step;
        }

        if (Bound("multipleOf") is { } multiple && multiple > 0 && Math.Abs(Math.IEEERemainder(value, multiple)) > 1e-9)
        {
            value = Math.Ceiling(value / multiple) * multiple;
        }

        return value;
    }
}
