using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// The console's script and stylesheet, embedded in the assembly (Console/wwwroot), read once and served with their
/// content type, an ETag and a day's caching. Nothing comes from outside the process.
/// </summary>
internal static class ConsoleAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string Type, string ETag)> Files = Load();

    public static async Task ServeAsync(HttpContext context)
    {
        ConsoleHeaders.Apply(context.Response, cacheable: true);
        if (!Files.TryGetValue(ConsoleRoutes.Value(context, "file"), out var file))
        {
            await ConsoleHtml.ErrorAsync(context, 404, "No such file.").ConfigureAwait(false);
            return;
        }

        context.Response.Headers.ETag = file.ETag;
        context.Response.Headers.CacheControl = "private, max-age=86400";
        if (context.Request.Headers.IfNoneMatch == file.ETag)
        {
            context.Response.StatusCode = 304;
            return;
        }

        context.Response.ContentType = file.Type;
        context.Response.ContentLength = file.Body.Length;
        await context.Response.Body.WriteAsync(file.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("console/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            var file = name["console/".Length..];
            var type = Path.GetExtension(file) switch { ".js" => "text/javascript; charset=utf-8", ".css" => "text/css; charset=utf-8", _ => "application/octet-stream" };
            files[file] = (body, type, "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16] + "\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
