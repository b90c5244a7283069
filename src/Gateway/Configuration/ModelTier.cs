namespace Gateway.Configuration;

/// <summary>A task tier: clients ask for <c>smart</c> or <c>fast</c> and each provider maps it to its own model.</summary>
public enum ModelTier
{
    /// <summary>Not a tier: the model name is used as it is.</summary>
    None,

    /// <summary>The provider's model for complex tasks (<c>AI_*_SMART</c>).</summary>
    Smart,

    /// <summary>The provider's model for simple tasks (<c>AI_*_FAST</c>).</summary>
    Fast,
}
