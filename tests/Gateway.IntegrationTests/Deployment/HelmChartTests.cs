using System.Text;
using System.Text.RegularExpressions;
using Gateway.Configuration;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>
/// There is no helm binary here, so the chart is checked as far as it can be without rendering it: its YAML files
/// lint, the hand-rendered default manifests in ci/ have the production settings the chart promises and a
/// configuration the gateway accepts, and every value the templates use exists in values.yaml.
/// </summary>
public sealed partial class HelmChartTests
{
    private static string Chart(params string[] parts) => Repository.Path(["helm", "gateway", .. parts]);

    [Fact]
    public async Task ChartYaml_PassesYamllint()
    {
        var files = new[] { Chart("Chart.yaml"), Chart("values.yaml"), Chart("files", "alerts.yml") }.Concat(Directory.GetFiles(Chart("ci"), "*.yaml"));
        var (exitCode, output) = await Repository.RunAsync("yamllint", ["-c", ".yamllint", .. files]);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task ChartAlertRules_AreThoseOfDeploy()
    {
        Assert.Equal(await File.ReadAllTextAsync(Repository.Path("deploy", "alerts.yml")), await File.ReadAllTextAsync(Chart("files", "alerts.yml")));
    }

    [Fact]
    public async Task Templates_UseOnlyValuesThatValuesYamlDefines()
    {
        var values = Load(await File.ReadAllTextAsync(Chart("values.yaml"))).Single();
        var used = Directory.GetFiles(Chart("templates")).SelectMany(f => ValuesPath().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(used);
        foreach (var path in used)
        {
            YamlNode node = values;
            foreach (var key in path.Split('.'))
            {
                Assert.True(node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key)), $".Values.{path} is not in values.yaml");
                node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
            }
        }
    }

    [Fact]
    public async Task RenderedDefaults_AreProductionReady()
    {
        var documents = Load(await File.ReadAllTextAsync(Chart("ci", "rendered-defaults.yaml")));
        var kinds = documents.Select(d => Scalar(d, "kind")).Order().ToList();
        Assert.Equal(["ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceAccount"], kinds);
        var deployment = documents.Single(d => Scalar(d, "kind") == "Deployment");
        var pod = Map(deployment, "spec", "template", "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod.Children[new YamlScalarNode("containers")]).Children[0];

        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("0", Scalar(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable"));

        // The SQLite store lives in a writable volume (the root filesystem is read-only).
        var env = ((YamlSequenceNode)container.Children[new YamlScalarNode("env")]).Children.OfType<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e => e);
        var dataDirectory = Scalar(env["Gateway__Store__DataDirectory"], "value");
        var mounts = ((YamlSequenceNode)container.Children[new YamlScalarNode("volumeMounts")]).Children.OfType<YamlMappingNode>();
        Assert.Contains(mounts, m => dataDirectory.StartsWith(Scalar(m, "mountPath") + "/", StringComparison.Ordinal) && Scalar(m, "name") == "data");

        var configMap = documents.Single(d => Scalar(d, "kind") == "ConfigMap");
        var json = Scalar(configMap, "data", "gateway.json");
        Assert.DoesNotContain("key", json.Replace("keyPrefix", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        // The gateway's own reader accepts the rendered configuration (including Helm's float notation for integers).
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new GatewayOptionsReader(configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry).Read();
        Assert.Equal(("round-robin", 4_194_304L, "gateway:"), (options.Rotation, options.MaxRequestBodyBytes, options.Redis.KeyPrefix));

        // The grace period covers the preStop sleep plus the drain timeout plus time for the last Redis flush.
        var grace = int.Parse(Scalar(pod, "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        var preStop = int.Parse(((YamlSequenceNode)Map(container, "lifecycle", "preStop", "exec").Children[new YamlScalarNode("command")]).Children[1].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace >= preStop + options.DrainTimeout.TotalSeconds + 5, $"grace {grace} s < preStop {preStop} s + drain {options.DrainTimeout.TotalSeconds} s + 5 s");
    }

    private static List<YamlMappingNode> Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current.Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlMappingNode node, params string[] path) =>
        ((YamlScalarNode)Map(node, path[..^1]).Children[new YamlScalarNode(path[^1])]).Value!;

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesPath();
}
