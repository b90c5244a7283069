using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.FakeUpstream;

/// <summary>
/// Turns a test scripts in the last user message, for clients that offer many tools and decide the prompt's shape
/// themselves (coding agents: Claude Code, Codex). <c>[[tool NAME {json}]]</c> calls the offered tool NAME with those
/// arguments (a tool offered under a longer name ending in <c>__NAME</c> counts: a gateway's flattened namespace);
/// <c>[[reply TEXT]]</c> answers TEXT and calls nothing. Tool results still win: the turn after a scripted call is
/// <see cref="FakeAnswer.ToolSaid"/>. Without a directive nothing changes.
/// </summary>
internal static partial class FakeScript
{
    /// <summary>The scripted calls: null without a directive, empty for <c>[[reply]]</c> or a tool that is not offered.</summary>
    public static IReadOnlyList<FakeToolCall>? Calls(IReadOnlyList<FakeTool> tools, string? userText, string idPrefix)
    {
        if (userText is null || !userText.Contains("[[", StringComparison.Ordinal))
        {
            return null;
        }

        if (Reply(userText) is not null)
        {
            return [];
        }

        var match = ToolDirective().Match(userText);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        var tool = tools.FirstOrDefault(t => t.Name == name) ?? tools.FirstOrDefault(t => t.Name.EndsWith("__" + name, StringComparison.Ordinal));
        if (tool is null)
        {
            return [];
        }

        var arguments = match.Groups["args"].Value;
        using (JsonDocument.Parse(arguments))
        {
            // Only valid JSON is sent as arguments: a typo in a test fails here, in the fake's log, not in the client.
        }

        return [new FakeToolCall($"{idPrefix}01", tool.Name, arguments)];
    }

    /// <summary>The text of a <c>[[reply TEXT]]</c> directive, or null.</summary>
    public static string? Reply(string? userText) =>
        userText is not null && ReplyDirective().Match(userText) is { Success: true } match ? match.Groups["text"].Value : null;

    [GeneratedRegex(@"\[\[tool (?<name>[A-Za-z0-9_.:-]+) (?<args>\{.*?\})\]\]", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ToolDirective();

    [GeneratedRegex(@"\[\[reply (?<text>[^\]]+)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex ReplyDirective();
}
