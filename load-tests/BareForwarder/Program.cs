var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddHttpForwarder();
var app = builder.Build();
app.MapForwarder("/{**catch-all}", Environment.GetEnvironmentVariable("UPSTREAM") ?? "http://127.0.0.1:9001");
app.Run();
