using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>Tools, tool choice, reasoning effort and structured output.</summary>
internal static partial class MessagesRequestMapper
{
    /// <summary>
    /// Client tools (<c>name</c>, <c>description</c>, <c>input_schema</c>) as function tools. A tool with a
    /// <c>type</c> other than <c>custom</c> is one Anthropic runs (web search, code execution, ...) or defines
    /// without a schema (bash, text editor, computer): neither has a chat-completions form. <c>defer_loading</c>,
    /// <c>cache_control</c>, <c>eager_input_streaming</c> and <c>input_examples</c> are Anthropic's hints: the tool is
    /// offered as it is, and a tool search tool (which only finds deferred tools) is left out.
    /// </summary>
    private static void WriteTools(Utf8JsonWriter writer, JsonElement tools)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in tools.EnumerateArray())
        {
            var type = MessagesJson.String(tool, "type");
            if (type is not null && type.StartsWith("tool_search_tool_", StringComparison.Ordinal))
            {
                // Anthropic's tool search finds tools marked defer_loading; chat has no deferral, so every tool is
                // offered at once and the search tool itself is not needed.
                continue;
            }

            if (type is not null && type != "custom")
            {
                throw new TranslationException($"Tool type '{type}' is a tool Anthropic runs or defines itself; it has no chat-completions form.");
            }

            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", MessagesJson.RequiredString(tool, "name", "a tool"));
            if (MessagesJson.String(tool, "description") is { } description)
            {
                writer.WriteString("description", description);
            }

            writer.WritePropertyName("parameters");
            if (tool.TryGetProperty("input_schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
            {
                schema.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("type", "object");
                writer.WriteEndObject();
            }

            if (tool.TryGetProperty("strict", out var strict) && strict.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                writer.WriteBoolean("strict", strict.GetBoolean());
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary><c>auto</c>, <c>any</c> (chat's <c>required</c>), <c>tool</c> (one named function), <c>none</c>; <c>disable_parallel_tool_use</c> as <c>parallel_tool_calls: false</c>.</summary>
    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement choice)
    {
        switch (MessagesJson.String(choice, "type"))
        {
            case "auto":
                writer.WriteString("tool_choice", "auto");
                break;
            case "any":
                writer.WriteString("tool_choice", "required");
                break;
            case "none":
                writer.WriteString("tool_choice", "none");
                break;
            case "tool":
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", MessagesJson.RequiredString(choice, "name", "tool_choice"));
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case var type:
                throw new TranslationException($"tool_choice type '{type}' is not auto, any, tool or none.");
        }

        if (choice.TryGetProperty("disable_parallel_tool_use", out var disable) && disable.ValueKind == JsonValueKind.True)
        {
            writer.WriteBoolean("parallel_tool_calls", false);
        }
    }

    /// <summary>
    /// <c>reasoning_effort</c> from <c>output_config.effort</c> when present (low, medium, high as they are; xhigh and
    /// max as high, the highest every reasoning model takes), else from <c>thinking.budget_tokens</c> when thinking is
    /// enabled: up to 4096 low, up to 16384 medium, more high (a coding agent's "think", "think hard" and "ultrathink"
    /// budgets of 4000, 10000 and 31999 land on the three levels). Adaptive or disabled thinking sends none: the
    /// provider's default.
    /// </summary>
    private static void WriteReasoningEffort(Utf8JsonWriter writer, JsonElement root)
    {
        string? effort = null;
        if (root.TryGetProperty("output_config", out var config) && MessagesJson.String(config, "effort") is { } level)
        {
            effort = level switch
            {
                "low" or "medium" or "high" => level,
                "xhigh" or "max" => "high",
                _ => throw new TranslationException($"output_config.effort '{level}' is not low, medium, high, xhigh or max."),
            };
        }
        else if (root.TryGetProperty("thinking", out var thinking) && MessagesJson.String(thinking, "type") == "enabled")
        {
            effort = MessagesJson.Number(thinking, "budget_tokens") switch
            {
                <= 4096 => "low",
                <= 16384 => "medium",
                _ => "high",
            };
        }

        if (effort is not null)
        {
            writer.WriteString("reasoning_effort", effort);
        }
    }

    /// <summary>
    /// Structured output, <c>output_config.format</c> (or the older <c>output_format</c>) as
    /// <c>{"type":"json_schema","schema":...}</c>, as chat's strict <c>json_schema</c> response format.
    /// </summary>
    private static void WriteResponseFormat(Utf8JsonWriter writer, JsonElement root)
    {
        var format = root.TryGetProperty("output_config", out var config) && config.ValueKind == JsonValueKind.Object && config.TryGetProperty("format", out var f) ? f
            : root.TryGetProperty("output_format", out var legacy) ? legacy : default;
        if (format.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return;
        }

        if (MessagesJson.String(format, "type") != "json_schema" || !format.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("The output format must be {\"type\":\"json_schema\",\"schema\":{...}}.");
        }

        writer.WriteStartObject("response_format");
        writer.WriteString("type", "json_schema");
        writer.WriteStartObject("json_schema");
        writer.WriteString("name", "output");
        writer.WritePropertyName("schema");
        schema.WriteTo(writer);
        writer.WriteBoolean("strict", true);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
