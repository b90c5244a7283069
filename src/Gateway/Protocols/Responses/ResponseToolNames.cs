using System.Security.Cryptography;
using System.Text;

namespace Gateway.Protocols.Responses;

/// <summary>
/// The chat function names of one request's namespaced and custom tools, both ways. A namespaced function is
/// <c>{namespace}__{name}</c>, within chat's rule for names (letters, digits, <c>_</c> and <c>-</c>, at most 64):
/// other characters become <c>_</c>, and a name still too long keeps its first 55 characters and a hash of the
/// whole, so two tools never share a chat name. Plain function tools keep their names and are not listed.
/// </summary>
internal sealed class ResponseToolNames
{
    public const string Separator = "__";
    private const int MaxLength = 64;

    private readonly Dictionary<string, ResponseTool> _byChatName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string?, string), string> _byTool = [];

    public int Count => _byChatName.Count;

    /// <summary>Registers a namespaced or custom tool and returns its chat name.</summary>
    public string Add(ResponseTool tool)
    {
        if (_byTool.TryGetValue((tool.Namespace, tool.Name), out var known))
        {
            return known;
        }

        var chatName = ChatName(tool.Namespace, tool.Name);
        _byChatName[chatName] = tool;
        _byTool[(tool.Namespace, tool.Name)] = chatName;
        return chatName;
    }

    /// <summary>The client's tool behind a chat function name, or null for a plain function.</summary>
    public ResponseTool? Find(string chatName) => _byChatName.GetValueOrDefault(chatName);

    /// <summary>The chat name of a call the client sends back (a function call item with a namespace, a custom tool call).</summary>
    public string ChatNameOf(string? @namespace, string name) =>
        _byTool.TryGetValue((@namespace, name), out var known) ? known : ChatName(@namespace, name);

    /// <summary><c>{namespace}__{name}</c> (or the name alone) within chat's rule for function names.</summary>
    public static string ChatName(string? @namespace, string name)
    {
        var whole = @namespace is null ? name : @namespace + Separator + name;
        var safe = new StringBuilder(whole.Length);
        foreach (var c in whole)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        if (safe.Length is > 0 and <= MaxLength && safe.ToString() == whole)
        {
            return whole;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole)))[..8];
        var kept = safe.Length > MaxLength - 9 ? safe.ToString(0, MaxLength - 9) : safe.ToString();
        return kept + "_" + hash;
    }
}
