using Gateway.Configuration;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.IntegrationTests.Deployment;

/// <summary>The console values: its own port (container, service, variable) and its optional ingress rule.</summary>
public sealed partial class HelmChartTests
{
    [Fact]
    public async Task RenderedConsole_OwnPort_HasContainerPortServicePortVariableAndIngressRule()
    {
        var values = Load(await File.ReadAllTextAsync(Chart("ci", "console-values.yaml"))).Single();
        var port = Scalar(values, "console", "port");
        var host = Scalar(values, "console", "ingress", "host");
        var documents = Load(await File.ReadAllTextAsync(Chart("ci", "rendered-console.yaml")));
        var container = Container(documents.Single(d => Scalar(d, "kind") == "Deployment"));

        var ports = Items(container, "ports");
        Assert.Contains(ports, p => Scalar(p, "name") == "console" && Scalar(p, "containerPort") == port);
        var env = Items(container, "env").ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"));
        Assert.Equal(port, env["Gateway__Console__Port"]);

        var service = documents.Single(d => Scalar(d, "kind") == "Service");
        Assert.Contains(Items(service, "spec", "ports"), p => Scalar(p, "name") == "console" && Scalar(p, "port") == port && Scalar(p, "targetPort") == "console");

        var rule = Items(documents.Single(d => Scalar(d, "kind") == "Ingress"), "spec", "rules").Single(r => Scalar(r, "host") == host);
        var path = Assert.Single(Items(rule, "http", "paths"));
        Assert.Equal(("/console", "console"), (Scalar(path, "path"), Scalar(path, "backend", "service", "port", "name")));

        // The gateway accepts what the pod gets: the console port beside the API's ASPNETCORE_HTTP_PORTS.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Console:Port"] = env["Gateway__Console__Port"],
            ["http_ports"] = env["ASPNETCORE_HTTP_PORTS"],
        }).Build();
        Assert.Equal(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), new GatewayOptionsReader(configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry).Read().Console.Port);
    }

    [Fact]
    public async Task RenderedDefaults_ConsoleOnTheApiPort_NoConsolePortOrVariable()
    {
        var documents = Load(await File.ReadAllTextAsync(Chart("ci", "rendered-defaults.yaml")));
        var container = Container(documents.Single(d => Scalar(d, "kind") == "Deployment"));

        Assert.Equal(["http"], Items(container, "ports").Select(p => Scalar(p, "name")));
        Assert.DoesNotContain(Items(container, "env"), e => Scalar(e, "name").StartsWith("Gateway__Console__", StringComparison.Ordinal));
        Assert.Equal(["http"], Items(documents.Single(d => Scalar(d, "kind") == "Service"), "spec", "ports").Select(p => Scalar(p, "name")));
    }

    [Fact]
    public async Task Templates_RenderTheConsoleValues_WhereTheHandRenderingsPutThem()
    {
        // The hand-rendered files are only worth something if the templates produce the same lines.
        var deployment = await File.ReadAllTextAsync(Chart("templates", "deployment.yaml"));
        var service = await File.ReadAllTextAsync(Chart("templates", "service.yaml"));
        var ingress = await File.ReadAllTextAsync(Chart("templates", "ingress.yaml"));
        var values = await File.ReadAllTextAsync(Chart("values.yaml"));

        Assert.Contains("- name: console\n              containerPort: {{ .Values.console.port }}", deployment, StringComparison.Ordinal);
        Assert.Contains("- name: Gateway__Console__Port\n              value: {{ .Values.console.port | quote }}", deployment, StringComparison.Ordinal);
        Assert.Contains("- name: Gateway__Console__Enabled\n              value: \"false\"", deployment, StringComparison.Ordinal);
        Assert.Contains("targetPort: console", service, StringComparison.Ordinal);
        Assert.Contains("- path: {{ .Values.console.ingress.path }}", ingress, StringComparison.Ordinal);
        Assert.Contains("kubectl port-forward", values, StringComparison.Ordinal);
        Assert.Contains("not recommended", values, StringComparison.Ordinal);
    }

    private static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)((YamlSequenceNode)Map(deployment, "spec", "template", "spec").Children[new YamlScalarNode("containers")]).Children[0];

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, params string[] path) =>
        ((YamlSequenceNode)Map(node, path[..^1]).Children[new YamlScalarNode(path[^1])]).Children.OfType<YamlMappingNode>();
}
