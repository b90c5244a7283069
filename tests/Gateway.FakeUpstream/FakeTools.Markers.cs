using System.Text.RegularExpressions;

namespace Gateway.FakeUpstream;

/// <summary>
/// Markers a test puts in its last user message to steer the fake when a client offers tools it did not choose (a
/// coding agent offers a dozen with every turn): <c>[no tools]</c> answers in text, <c>[tool: NAME]</c> calls the tool
/// named NAME (when offered), with arguments from its schema as always.
/// </summary>
internal static partial class FakeTools
{
    private static IReadOnlyList<FakeToolCall>? Marked(IReadOnlyList<FakeTool> tools, string? userText, string idPrefix)
    {
        if (userText is null || Marker().Match(userText) is not { Success: true } marker)
        {
            return null;
        }

        var name = marker.Groups["name"].Value;
        return name.Length == 0 ? []
            : tools.FirstOrDefault(t => t.Name == name) is { } tool ? [new FakeToolCall($"{idPrefix}01", tool.Name, SchemaExample.For(tool.Schema))]
            : null;
    }

    [GeneratedRegex(@"\[(?:no tools|tool:\s*(?<name>[\w.-]+))\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
