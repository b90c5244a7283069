using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.FakeUpstream;

/// <summary>
/// Which tools the fake calls, the same way for every protocol: none when tool_choice says none; the named one when it
/// names one; the first two in parallel when two or more are offered, parallel calls are allowed and the last user
/// message asks for "both"; else the first (unless the message steers the fake, see Marked). Arguments come from <see cref="SchemaExample"/>.
/// </summary>
internal static partial class FakeTools
{
    /// <summary>
    /// The calls to make. <paramref name="forced"/> is the client's tool_choice: null for auto or required, "" for none,
    /// else the name of the tool it forces (an unknown name counts as auto). Call ids are <c>{prefix}01</c>, <c>{prefix}02</c>.
    /// </summary>
    public static IReadOnlyList<FakeToolCall> Pick(IReadOnlyList<FakeTool> tools, string? forced, bool parallel, string? userText, string idPrefix)
    {
        if (tools.Count == 0 || forced == "")
        {
            return [];
        }

        if (FakeScript.Calls(tools, userText, idPrefix) is { } scripted)
        {
            return scripted;
        }

        if (Marked(tools, userText, idPrefix) is { } marked)
        {
            return marked;
        }

        List<FakeTool> chosen = forced is not null && tools.FirstOrDefault(t => t.Name == forced) is { } named ? [named]
            : parallel && tools.Count >= 2 && userText is not null && Both().IsMatch(userText) ? [tools[0], tools[1]]
            : [tools[0]];
        return [.. chosen.Select((t, i) => new FakeToolCall($"{idPrefix}{i + 1:D2}", t.Name, SchemaExample.For(t.Schema)))];
    }

    /// <summary>A property of an object, or an undefined element when the element is no object or lacks it.</summary>
    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An object or array property, or null.</summary>
    public static JsonElement? Node(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? value : null;

    /// <summary>The elements of an array property (empty when absent or not an array).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        Node(element, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>A message's text: a string, or its text parts (type text, input_text or output_text) joined.</summary>
    public static string? Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => String(p, "type") is "text" or "input_text" or "output_text").Select(p => String(p, "text"))),
        _ => null,
    };

    /// <summary>Chat completions' tools (<c>{"type":"function","function":{"name","parameters"}}</c>) and choice.</summary>
    public static (List<FakeTool> Tools, string? Forced) Chat(JsonElement root)
    {
        var tools = Items(root, "tools").Where(t => String(t, "type") is null or "function")
            .Select(t => Node(t, "function") is { } f && String(f, "name") is { } name ? new FakeTool(name, Schema(f, "parameters")) : null)
            .OfType<FakeTool>().ToList();
        var choice = Property(root, "tool_choice");
        var forced = choice.ValueKind == JsonValueKind.String && choice.GetString() == "none" ? ""
            : Node(choice, "function") is { } function ? String(function, "name") : null;
        return (tools, forced);
    }

    /// <summary>The Responses API's tools (<c>{"type":"function","name","parameters"}</c>; hosted tools ignored) and choice.</summary>
    public static (List<FakeTool> Tools, string? Forced) Responses(JsonElement root)
    {
        var tools = Items(root, "tools").Where(t => String(t, "type") == "function" && String(t, "name") is not null)
            .Select(t => new FakeTool(String(t, "name")!, Schema(t, "parameters"))).ToList();
        var choice = Property(root, "tool_choice");
        var forced = choice.ValueKind == JsonValueKind.String && choice.GetString() == "none" ? ""
            : String(choice, "type") == "function" ? String(choice, "name") : null;
        return (tools, forced);
    }

    /// <summary>Anthropic's tools (<c>{"name","input_schema"}</c>) and tool_choice (none, auto, any, tool with a name).</summary>
    public static (List<FakeTool> Tools, string? Forced, bool Parallel) Anthropic(JsonElement root)
    {
        var tools = Items(root, "tools").Where(t => String(t, "name") is not null).Select(t => new FakeTool(String(t, "name")!, Schema(t, "input_schema"))).ToList();
        var choice = Property(root, "tool_choice");
        var forced = String(choice, "type") switch { "none" => "", "tool" => String(choice, "name"), _ => null };
        var parallel = Property(choice, "disable_parallel_tool_use").ValueKind != JsonValueKind.True;
        return (tools, forced, parallel);
    }

    private static JsonElement Schema(JsonElement owner, string name) => Node(owner, name) is { ValueKind: JsonValueKind.Object } schema ? schema : default;

    [GeneratedRegex(@"\bboth\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Both();
}
