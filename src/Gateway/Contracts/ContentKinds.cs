namespace Gateway.Contracts;

/// <summary>
/// The kinds of content parts a chat request carries, and the parameters it sets that not every protocol can honour,
/// so routing can leave out providers that cannot take them rather than drop them silently.
/// </summary>
[Flags]
internal enum ContentKinds
{
    None = 0,
    Text = 1,
    Image = 2,
    Audio = 4,
    File = 8,

    /// <summary><c>n</c> above 1.</summary>
    ManyChoices = 16,

    /// <summary><c>logprobs: true</c> or <c>top_logprobs</c> above 0.</summary>
    Logprobs = 32,
}
