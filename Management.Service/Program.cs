using VmsServices.Hosting.Bus;
using VmsServices.Management;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddManagementNode(builder.Configuration);
builder.Services.AddVmsBus(
    builder.Configuration.GetSection(BusSettings.Section).Get<BusSettings>() ?? new BusSettings(),
    sp => [ManagementNode.Endpoint(sp)]);

var app = builder.Build();
app.MapManagementNode();
app.Run();

/// <summary>Entry point; public so tests can host the service in-process.</summary>
public partial class Program;
