namespace Gateway.Contracts;

/// <summary>
/// The one field an operation's body must have besides <c>model</c> (<c>messages</c>, <c>input</c>), as the
/// operation declares it: whether it must be an array, and whether it holds chat messages whose content part
/// kinds routing needs (<see cref="ContentKinds"/>).
/// </summary>
internal sealed class RequiredField(string name, bool mustBeArray, bool holdsMessages)
{
    private readonly byte[] _utf8Name = System.Text.Encoding.UTF8.GetBytes(name);

    public string Name => name;

    public ReadOnlySpan<byte> Utf8Name => _utf8Name;

    public bool MustBeArray => mustBeArray;

    public bool HoldsMessages => holdsMessages;
}
