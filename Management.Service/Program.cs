using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Lifetime;
using VmsServices.Management;

// Console, systemd or Windows service: see ServiceHosting.
var hosting = ServiceHosting.Detect(args);
var builder = WebApplication.CreateBuilder(hosting.WebApplicationOptions);
hosting.Apply(builder, "VmsManagement");
builder.Services.AddManagementNode(builder.Configuration);
builder.Services.AddVmsBus(
    builder.Configuration.GetSection(BusSettings.Section).Get<BusSettings>() ?? new BusSettings(),
    sp => [ManagementNode.Endpoint(sp)]);

var app = builder.Build();
app.MapManagementNode();
app.Run();

/// <summary>Entry point; public so tests can host the service in-process.</summary>
public partial class Program;
