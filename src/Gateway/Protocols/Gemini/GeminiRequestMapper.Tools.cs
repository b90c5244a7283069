using System.Text.Json;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// <c>tools[].functionDeclarations</c> as chat function tools (<c>parametersJsonSchema</c> as it is, Google's
/// <c>parameters</c> schema through <see cref="GeminiSchema"/>), and <c>toolConfig.functionCallingConfig</c> as
/// <c>tool_choice</c>: AUTO and VALIDATED auto, NONE none, ANY required (one allowed name: that function; several:
/// only those tools are offered). Google's built-in tools are left out and named.
/// </summary>
internal static partial class GeminiRequestMapper
{
    private static void WriteTools(Utf8JsonWriter writer, JsonElement root, MapState state)
    {
        var calling = GeminiJson.Property(GeminiJson.Property(root, "toolConfig"), "functionCallingConfig");
        var mode = GeminiJson.String(calling, "mode")?.ToUpperInvariant() ?? "AUTO";
        var allowed = mode == "ANY" ? GeminiJson.Array(calling, "allowedFunctionNames", "functionCallingConfig").Select(n => n.GetString()).OfType<string>().ToHashSet(StringComparer.Ordinal) : [];
        var written = new List<string>();
        foreach (var tool in GeminiJson.Array(root, "tools", "the request"))
        {
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException("Each element of 'tools' must be a Tool object.");
            }

            foreach (var property in tool.EnumerateObject())
            {
                if (property.Name != "functionDeclarations")
                {
                    state.LeftOut.Add("tools." + property.Name);
                    continue;
                }

                foreach (var declaration in GeminiJson.Array(tool, "functionDeclarations", "a tool"))
                {
                    var name = GeminiJson.String(declaration, "name") ?? throw new TranslationException("Each function declaration needs a 'name'.");
                    if (allowed.Count > 1 && !allowed.Contains(name))
                    {
                        continue;
                    }

                    if (written.Count == 0)
                    {
                        writer.WriteStartArray("tools");
                    }

                    written.Add(name);
                    WriteFunction(writer, declaration, name);
                }
            }
        }

        if (written.Count == 0)
        {
            return;
        }

        writer.WriteEndArray();
        switch (mode)
        {
            case "NONE":
                writer.WriteString("tool_choice", "none");
                break;
            case "ANY" when allowed.Count == 1:
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", allowed.First());
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case "ANY":
                writer.WriteString("tool_choice", "required");
                break;
            case "AUTO" or "VALIDATED" or "MODE_UNSPECIFIED":
                break;
            default:
                throw new TranslationException($"'functionCallingConfig.mode' '{mode}' is not AUTO, ANY, NONE or VALIDATED.");
        }
    }

    private static void WriteFunction(Utf8JsonWriter writer, JsonElement declaration, string name)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        if (GeminiJson.String(declaration, "description") is { } description)
        {
            writer.WriteString("description", description);
        }

        writer.WritePropertyName("parameters");
        if (GeminiJson.Property(declaration, "parametersJsonSchema") is { ValueKind: JsonValueKind.Object } jsonSchema)
        {
            jsonSchema.WriteTo(writer);
        }
        else if (GeminiJson.Property(declaration, "parameters") is { ValueKind: JsonValueKind.Object } schema)
        {
            GeminiSchema.Write(writer, schema);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
