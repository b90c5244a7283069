using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// Chat's <c>reasoning_effort</c> as Anthropic's extended thinking, <c>{"type":"enabled","budget_tokens":N}</c>:
/// <c>minimal</c> 1,024 tokens (Anthropic's least), <c>low</c> 4,096, <c>medium</c> 16,384, <c>high</c> and above
/// 32,000; <c>none</c> no thinking. The way back (<see cref="Gateway.Protocols.Messages.MessagesRequestMapper"/>) reads
/// the same thresholds, so an effort survives the round trip. Anthropic wants the budget below <c>max_tokens</c>:
/// without a client bound, <c>max_tokens</c> becomes the budget plus the default answer length; with one, the budget
/// shrinks to fit, and below the least budget there is no thinking. Nor is there when the conversation ends in tool
/// results: Anthropic then requires the assistant's turn to begin with its signed thinking, which chat does not carry.
/// Either way the effort is named in the mapper's dropped parameters.
/// </summary>
internal static class AnthropicThinking
{
    public const int MinimumBudget = 1024;

    public static (int MaxTokens, int BudgetTokens) Budget(JsonElement chat, int maxTokens, bool clientBound, List<string> dropped)
    {
        var effort = chat.TryGetProperty("reasoning_effort", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var budget = effort switch
        {
            null or "none" => 0,
            "minimal" => MinimumBudget,
            "low" => 4096,
            "medium" => 16384,
            _ => 32000,
        };
        if (budget == 0)
        {
            return (maxTokens, 0);
        }

        if (EndsInToolResults(chat))
        {
            dropped.Add("reasoning_effort");
            return (maxTokens, 0);
        }

        if (!clientBound)
        {
            return (budget + maxTokens, budget);
        }

        budget = Math.Min(budget, maxTokens - 1);
        if (budget < MinimumBudget)
        {
            dropped.Add("reasoning_effort");
            return (maxTokens, 0);
        }

        return (maxTokens, budget);
    }

    private static bool EndsInToolResults(JsonElement chat) =>
        chat.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0
        && messages[messages.GetArrayLength() - 1] is { ValueKind: JsonValueKind.Object } last
        && last.TryGetProperty("role", out var role) && role.GetString() == "tool";
}
