using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>OpenAI tools, tool choice and tool calls as Anthropic tools, tool choice and <c>tool_use</c> blocks.</summary>
internal static class AnthropicTools
{
    public static void WriteTools(Utf8JsonWriter writer, JsonElement tools)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.TryGetProperty("type", out var type) && type.GetString() == "web_search")
            {
                WriteWebSearch(writer, tool.TryGetProperty("web_search", out var settings) ? settings : default);
                continue;
            }

            var function = tool.GetProperty("function");
            writer.WriteStartObject();
            writer.WriteString("name", function.GetProperty("name").GetString());
            if (function.TryGetProperty("description", out var description))
            {
                writer.WriteString("description", description.GetString());
            }

            writer.WritePropertyName("input_schema");
            if (function.TryGetProperty("parameters", out var parameters))
            {
                parameters.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("type", "object");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Whether a built-in tool of the Responses API runs on Anthropic's side: web search does.</summary>
    public static bool ServesBuiltIn(string name) => name == "web_search";

    /// <summary>
    /// The Responses API's <c>web_search</c> tool as Anthropic's server-side <c>web_search_20250305</c>: its allowed
    /// domains (<c>filters.allowed_domains</c>) and approximate user location carried over; the search context size
    /// has no Anthropic equivalent.
    /// </summary>
    private static void WriteWebSearch(Utf8JsonWriter writer, JsonElement settings)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "web_search_20250305");
        writer.WriteString("name", "web_search");
        if (settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("filters", out var filters) && filters.ValueKind == JsonValueKind.Object
            && filters.TryGetProperty("allowed_domains", out var domains) && domains.ValueKind == JsonValueKind.Array && domains.GetArrayLength() > 0)
        {
            writer.WritePropertyName("allowed_domains");
            domains.WriteTo(writer);
        }

        if (settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("user_location", out var location) && location.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject("user_location");
            writer.WriteString("type", "approximate");
            foreach (var name in (ReadOnlySpan<string>)["city", "region", "country", "timezone"])
            {
                if (location.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    writer.WriteString(name, value.GetString());
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary><c>auto</c>, <c>none</c>, <c>required</c> (Anthropic's <c>any</c>), or one named function (<c>tool</c>).</summary>
    public static void WriteToolChoice(Utf8JsonWriter writer, JsonElement choice, bool parallel = true)
    {
        writer.WriteStartObject("tool_choice");
        if (choice.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("type", choice.GetString() switch
            {
                "none" => "none",
                "required" => "any",
                _ => "auto",
            });
        }
        else
        {
            writer.WriteString("type", "tool");
            writer.WriteString("name", choice.GetProperty("function").GetProperty("name").GetString());
        }

        if (!parallel && !(choice.ValueKind == JsonValueKind.String && choice.GetString() == "none"))
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }

    /// <summary>An assistant's OpenAI tool call as a <c>tool_use</c> block; its JSON arguments become <c>input</c>.</summary>
    public static void WriteToolUse(Utf8JsonWriter writer, JsonElement call)
    {
        var function = call.GetProperty("function");
        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", call.GetProperty("id").GetString());
        writer.WriteString("name", function.GetProperty("name").GetString());
        writer.WritePropertyName("input");
        var arguments = function.TryGetProperty("arguments", out var a) ? a.GetString() : null;
        try
        {
            using var input = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            input.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            throw new TranslationException($"The arguments of tool call '{call.GetProperty("id").GetString()}' are not valid JSON.");
        }

        writer.WriteEndObject();
    }
}
