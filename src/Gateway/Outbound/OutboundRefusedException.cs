namespace Gateway.Outbound;

/// <summary>
/// A connection the outbound rule refused: the destination resolved to a non-public address for a provider that may
/// reach public addresses only. Its message says "refused by policy" and never which address or port.
/// </summary>
internal sealed class OutboundRefusedException() : IOException(Text)
{
    public const string Text = "The destination was refused by policy: this provider may reach public addresses only.";

    /// <summary>Whether <paramref name="exception"/> or one of its inner exceptions is a refusal.</summary>
    public static bool IsIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException)
            {
                return true;
            }
        }

        return false;
    }
}
