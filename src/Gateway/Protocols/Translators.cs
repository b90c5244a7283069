using Gateway.Protocols.Messages;

namespace Gateway.Protocols;

/// <summary>Every translator, looked up by (from, to) format. A new provider format is one translator and one line here.</summary>
internal static class Translators
{
    private static readonly ITranslator[] All = [ChatToMessages.Instance];

    /// <summary>The translator from <paramref name="from"/> to <paramref name="to"/>, or null when there is none (the formats are the same, or no translation exists).</summary>
    public static ITranslator? Find(WireFormat from, WireFormat to)
    {
        foreach (var translator in All)
        {
            if (translator.From == from && translator.To == to)
            {
                return translator;
            }
        }

        return null;
    }
}
