using System.Net;
using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Outbound</c> section and the admin key's strength.</summary>
internal sealed partial class GatewayOptionsReader
{
    /// <summary>The shortest admin key accepted: 24 characters (a guess then takes longer than the key is in use).</summary>
    public const int MinAdminKeyLength = 24;

    private OutboundOptions ReadOutbound(IConfigurationSection section)
    {
        var defaults = new OutboundOptions();
        var networks = new List<IPNetwork>();
        foreach (var text in ReadList(section, "AllowedNetworks"))
        {
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else
            {
                Error(section, "AllowedNetworks", $"'{text}' is not a network in CIDR notation (such as 192.168.10.0/24 or fd12:3456::/48)");
            }
        }

        return new OutboundOptions
        {
            AllowedNetworks = networks,
            MaxHops = ReadInt(section, "MaxHops", defaults.MaxHops, min: 1, max: 20),
        };
    }

    /// <summary>The admin key, refused when it is too short to resist guessing.</summary>
    private string? ReadAdminKey(IConfigurationSection section)
    {
        var key = Blank(section["AdminKey"]);
        if (key is not null && key.Length < MinAdminKeyLength)
        {
            Error(section, "AdminKey", $"the admin key is {key.Length} characters long; use at least {MinAdminKeyLength} random characters (generate one with: openssl rand -hex 32)");
        }

        return key;
    }
}
