using Gateway.Configuration;
using Gateway.Hosting;

try
{
    if (await GatewayCommands.RunAsync(args) is { } exitCode)
    {
        return exitCode;
    }

    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddGateway();
    var app = builder.Build();
    app.MapGateway();
    await app.RunAsync();
    return 0;
}
catch (GatewayConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
