using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>Tools, the tool choice and the text format in their chat-completions form.</summary>
internal static partial class ResponsesRequestMapper
{
    /// <summary>
    /// Function tools (flat in Responses, nested under <c>function</c> in chat); the functions of a <c>namespace</c>
    /// tool flattened to <c>{namespace}__{name}</c>; a <c>custom</c> (free-form) tool as a function with one string
    /// argument (<see cref="CustomToolArguments"/>). A built-in tool (<c>web_search</c>, <c>local_shell</c>, ...) goes as
    /// <c>{"type":"web_search","web_search":{...}}</c> when the provider's translator runs it itself (Anthropic's
    /// server-side search); otherwise it is left out and named in <paramref name="omitted"/> (<c>tools.web_search</c>),
    /// or, with <paramref name="options"/>' strictness, the request fails. <c>tool_choice</c> and
    /// <c>parallel_tool_calls</c> go only with tools: chat completions reject them on their own.
    /// </summary>
    private static void WriteTools(Utf8JsonWriter writer, JsonElement root, ResponsesTranslationOptions options, ResponseToolNames names, List<string> omitted)
    {
        if (!ResponsesJson.Has(root, "tools", out var tools))
        {
            return;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("'tools' must be an array.");
        }

        var kept = new List<JsonElement>();
        foreach (var tool in tools.EnumerateArray())
        {
            var type = ResponsesJson.String(tool, "type") ?? throw new TranslationException("Each tool needs a 'type'.");
            if (type is "function" or "namespace" or "custom" || options.ServesBuiltIn?.Invoke(BuiltInName(type)) == true)
            {
                kept.Add(tool);
                continue;
            }

            if (options.Strict)
            {
                throw new TranslationException($"The built-in tool '{type}' is not available on this model's provider (strict translation is on).");
            }

            // Named from a fixed list: the label reaches a response header and a metric, never the client's raw text.
            var label = "tools." + (KnownBuiltIns.Contains(BuiltInName(type)) ? BuiltInName(type) : "other");
            if (!omitted.Contains(label))
            {
                omitted.Add(label);
            }
        }

        if (kept.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in kept)
        {
            WriteTool(writer, tool, names);
        }

        writer.WriteEndArray();
        if (ResponsesJson.Has(root, "tool_choice", out var choice))
        {
            WriteToolChoice(writer, choice, names);
        }

        if (root.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel.GetBoolean());
        }
    }

    private static readonly HashSet<string> KnownBuiltIns = new(StringComparer.Ordinal)
    {
        "web_search", "local_shell", "shell", "file_search", "code_interpreter", "image_generation", "computer_use_preview",
        "computer_use", "mcp", "apply_patch", "tool_search",
    };

    /// <summary>A built-in tool's name without its version (<c>web_search_preview_2025_03_11</c> is <c>web_search</c>).</summary>
    internal static string BuiltInName(string type) => type.StartsWith("web_search", StringComparison.Ordinal) ? "web_search" : type;

    private static void WriteTool(Utf8JsonWriter writer, JsonElement tool, ResponseToolNames names)
    {
        switch (ResponsesJson.String(tool, "type"))
        {
            case "function":
                WriteFunction(writer, tool, ResponsesJson.String(tool, "name") ?? throw new TranslationException("A function tool needs a 'name'."));
                break;
            case "custom":
                var customName = ResponsesJson.String(tool, "name") ?? throw new TranslationException("A custom tool needs a 'name'.");
                WriteCustom(writer, tool, names.Add(new ResponseTool(null, customName, Custom: true)));
                break;
            case "namespace":
                var space = ResponsesJson.String(tool, "name") ?? throw new TranslationException("A namespace tool needs a 'name'.");
                if (!ResponsesJson.Has(tool, "tools", out var members) || members.ValueKind != JsonValueKind.Array)
                {
                    throw new TranslationException($"The namespace tool '{space}' needs a 'tools' array.");
                }

                foreach (var member in members.EnumerateArray())
                {
                    var name = ResponsesJson.String(member, "name") ?? throw new TranslationException($"Each tool of the namespace '{space}' needs a 'name'.");
                    var custom = ResponsesJson.String(member, "type") == "custom";
                    var chatName = names.Add(new ResponseTool(space, name, custom));
                    if (custom)
                    {
                        WriteCustom(writer, member, chatName);
                    }
                    else
                    {
                        WriteFunction(writer, member, chatName);
                    }
                }

                break;
            case var builtIn:
                // A built-in tool the provider's translator serves itself: it takes the client's settings as they are.
                writer.WriteStartObject();
                writer.WriteString("type", BuiltInName(builtIn!));
                writer.WritePropertyName(BuiltInName(builtIn!));
                tool.WriteTo(writer);
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteFunction(Utf8JsonWriter writer, JsonElement tool, string chatName)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", chatName);
        foreach (var name in (ReadOnlySpan<string>)["description", "parameters", "strict"])
        {
            if (ResponsesJson.Has(tool, name, out var value))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A custom tool: its description, and its format (a grammar or text) said in words, as chat has no grammars.</summary>
    private static void WriteCustom(Utf8JsonWriter writer, JsonElement tool, string chatName)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", chatName);
        var description = ResponsesJson.String(tool, "description");
        if (ResponsesJson.Has(tool, "format", out var format) && ResponsesJson.String(format, "type") == "grammar" && ResponsesJson.String(format, "definition") is { } grammar)
        {
            description = (description is null ? "" : description + "\n\n") + $"The input must follow this {ResponsesJson.String(format, "syntax") ?? "grammar"} grammar:\n{grammar}";
        }

        if (description is not null)
        {
            writer.WriteString("description", description);
        }

        CustomToolArguments.WriteSchema(writer, "The tool's free-form input, as plain text.");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement choice, ResponseToolNames names)
    {
        if (choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none" or "required")
        {
            writer.WriteString("tool_choice", choice.GetString());
            return;
        }

        var type = ResponsesJson.String(choice, "type");
        if (type is not ("function" or "custom") || ResponsesJson.String(choice, "name") is not { } name)
        {
            if (type is not null && type != "allowed_tools")
            {
                // A built-in tool by type: the provider picks among what it has (a left-out tool cannot be forced).
                writer.WriteString("tool_choice", "auto");
                return;
            }

            throw new TranslationException($"This 'tool_choice' is not supported for this model's provider: only \"auto\", \"none\", \"required\", a tool by name and a built-in tool translate to chat completions.");
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", names.ChatNameOf(ResponsesJson.String(choice, "namespace"), name));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>text.format</c> as <c>response_format</c>: a JSON schema (flat in Responses, nested in chat) or JSON mode.</summary>
    private static void WriteTextFormat(Utf8JsonWriter writer, JsonElement root)
    {
        if (!ResponsesJson.Has(root, "text", out var text) || !ResponsesJson.Has(text, "format", out var format))
        {
            return;
        }

        switch (ResponsesJson.String(format, "type"))
        {
            case "text":
                break;
            case "json_object":
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_object");
                writer.WriteEndObject();
                break;
            case "json_schema":
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_schema");
                writer.WriteStartObject("json_schema");
                writer.WriteString("name", ResponsesJson.String(format, "name") ?? throw new TranslationException("'text.format' of type json_schema needs a 'name'."));
                foreach (var name in (ReadOnlySpan<string>)["description", "schema", "strict"])
                {
                    if (ResponsesJson.Has(format, name, out var value))
                    {
                        writer.WritePropertyName(name);
                        value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case var other:
                throw new TranslationException($"The text format '{other}' is not supported for this model's provider.");
        }
    }
}
