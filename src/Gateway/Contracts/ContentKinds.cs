namespace Gateway.Contracts;

/// <summary>The kinds of content parts a chat request carries, so routing can leave out providers that cannot take them.</summary>
[Flags]
internal enum ContentKinds
{
    None = 0,
    Text = 1,
    Image = 2,
    Audio = 4,
    File = 8,
}
