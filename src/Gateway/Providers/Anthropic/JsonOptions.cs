using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Providers.Anthropic;

/// <summary>JSON written for API clients, not HTML: quotes and non-ASCII text stay as they are (no \u0022, \u00E9).</summary>
internal static class JsonOptions
{
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
