using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>
/// The image and the compose file as written, checked in milliseconds; deploy/image-test.sh (run by tests/run.sh)
/// builds and runs them for real. The runtime stage keeps the SQLite store in a volume its non-root user owns (the
/// image as first shipped could not write it), CI builds that same stage from the host-published output, and the
/// compose file publishes ports on 127.0.0.1 only and lets the local images replace every pulled one.
/// </summary>
public sealed partial class ImageDefinitionTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.Path("Dockerfile"));

    [Fact]
    public void RuntimeStage_IsTheLastStage_OnTheAspNetImageByDefault_AsItsNonRootUser()
    {
        var stages = Stages();
        var (name, from, body) = stages[^1];

        Assert.Equal(("runtime", "${RUNTIME_BASE}"), (name, from));
        Assert.Matches(@"(?m)^ARG RUNTIME_BASE=mcr\.microsoft\.com/dotnet/aspnet:10\.0$", Dockerfile);
        Assert.Matches(@"(?m)^USER \$APP_UID$", body);
        Assert.Matches(@"(?m)^ENTRYPOINT \[""dotnet"", ""Gateway.dll""\]$", body);
        Assert.DoesNotContain("# syntax=", Dockerfile, StringComparison.Ordinal); // a syntax line needs a registry
    }

    [Fact]
    public void RuntimeStage_KeepsTheStoreInAVolumeOwnedByItsUser()
    {
        var body = Stages()[^1].Body;

        Assert.Matches(@"Gateway__Store__DataDirectory=/data\b", body);
        Assert.Matches(@"(?m)^VOLUME /data$", body);
        Assert.Matches(@"(?m)^RUN mkdir -p /data && chown ""\$APP_UID:\$APP_UID"" /data", body);
        Assert.True(body.IndexOf("RUN mkdir", StringComparison.Ordinal) < body.IndexOf("USER $APP_UID", StringComparison.Ordinal), "the folder is made before the user switch");
    }

    [Fact]
    public void CiBuild_TakesTheHostPublishedOutput_WhereImageTestPublishesIt()
    {
        var stages = Stages();
        var published = stages.Single(s => s.Name == "published");
        var script = File.ReadAllText(Repository.Path("deploy", "image-test.sh"));

        Assert.Equal("scratch", published.From);
        Assert.Contains("COPY artifacts/image/app/ /app/", published.Body, StringComparison.Ordinal);
        Assert.Contains("COPY artifacts/image/fake/ /fake/", published.Body, StringComparison.Ordinal);
        Assert.Contains("publish src/Gateway/Gateway.csproj /app artifacts/image/app", script, StringComparison.Ordinal);
        Assert.Contains("--build-arg APP=published --build-arg FAKE_APP=published", script, StringComparison.Ordinal);
        // The runtime stage takes /app from the stage APP names: the SDK build by default.
        Assert.Contains(stages, s => s.Name == "app" && s.From == "${APP}");
        Assert.Matches(@"(?m)^ARG APP=build$", Dockerfile);
        Assert.Contains("COPY --from=app /app .", stages[^1].Body, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^RUN dotnet publish src/Gateway/Gateway\.csproj -c Release --no-restore -o /app /p:UseAppHost=false$", Dockerfile);
    }

    [Fact]
    public void Compose_PublishesOnLoopbackOnly_AndTheLocalFileReplacesEveryPulledImage()
    {
        var compose = Services("docker-compose.yml");
        var local = Services("docker-compose.local.yml");

        foreach (var (name, service) in compose)
        {
            if (service.Children.TryGetValue(new YamlScalarNode("ports"), out var ports))
            {
                Assert.All(((YamlSequenceNode)ports).Children, p => Assert.StartsWith("127.0.0.1:", ((YamlScalarNode)p).Value, StringComparison.Ordinal));
            }

            // Every service but Grafana (which the image test does not start) runs a local image there.
            if (name != "grafana")
            {
                Assert.StartsWith("gateway-test/", ((YamlScalarNode)local[name].Children[new YamlScalarNode("image")]).Value, StringComparison.Ordinal);
            }
        }

        var gateway = compose["gateway"];
        Assert.Contains(((YamlSequenceNode)gateway.Children[new YamlScalarNode("volumes")]).Children, v => ((YamlScalarNode)v).Value == "gateway-data:/data");
        Assert.Equal("true", ((YamlScalarNode)gateway.Children[new YamlScalarNode("read_only")]).Value);
        Assert.Contains("postgres", compose.Keys);
    }

    private static List<(string Name, string From, string Body)> Stages() =>
        [.. StageHeader().Matches(Dockerfile).Select((m, i) =>
        {
            var next = m.NextMatch();
            var body = Dockerfile[(m.Index + m.Length)..(next.Success ? next.Index : Dockerfile.Length)];
            return (m.Groups["name"].Value, m.Groups["from"].Value, body);
        })];

    private static Dictionary<string, YamlMappingNode> Services(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Repository.Path("deploy", file))));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        return services.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (YamlMappingNode)c.Value);
    }

    [GeneratedRegex(@"(?m)^FROM (?<from>\S+) AS (?<name>\S+)$")]
    private static partial Regex StageHeader();
}
