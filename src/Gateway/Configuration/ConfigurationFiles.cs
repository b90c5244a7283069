using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>
/// Guards configuration files that reload on change. A file that fails to load on reload would otherwise throw on the
/// file watcher's thread (and end the process) or load as empty (and silently drop every provider it defines): the
/// load error is ignored here, and <see cref="Check"/> reports the file so the reload is rejected as a whole.
/// </summary>
internal static class ConfigurationFiles
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Lets every file source already loaded (start-up failed on a bad one) survive a bad reload.</summary>
    public static void IgnoreReloadErrors(IConfigurationBuilder builder)
    {
        foreach (var source in builder.Sources.OfType<Microsoft.Extensions.Configuration.FileConfigurationSource>())
        {
            source.OnLoadException = static context => context.Ignore = true;
        }
    }

    /// <summary>Every watched file that is missing (and required) or not valid JSON right now, each naming the file.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        var errors = new List<string>();
        if (configuration is not IConfigurationRoot root)
        {
            return errors;
        }

        foreach (var provider in root.Providers.OfType<FileConfigurationProvider>())
        {
            var source = provider.Source;
            if (!source.ReloadOnChange || source.FileProvider?.GetFileInfo(source.Path ?? "") is not { } file)
            {
                continue;
            }

            var name = file.PhysicalPath ?? source.Path;
            if (!file.Exists)
            {
                if (!source.Optional)
                {
                    errors.Add($"{name}: the file does not exist");
                }

                continue;
            }

            if (source is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource)
            {
                try
                {
                    using var stream = file.CreateReadStream();
                    using var document = JsonDocument.Parse(stream, Lenient);
                }
                catch (Exception e) when (e is JsonException or IOException)
                {
                    errors.Add($"{name}: not valid JSON ({e.Message})");
                }
            }
        }

        return errors;
    }
}
