using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Protocols;

/// <summary>The one JSON writer setting of every protocol: written for API clients, not HTML, so quotes and non-ASCII text stay as they are (no \u0022, \u00E9).</summary>
internal static class ProtocolJson
{
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
