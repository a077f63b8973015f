using VmsServices.Hosting.Bus;
using VmsServices.Recording;

var builder = WebApplication.CreateBuilder(args);
var bus = builder.Configuration.GetSection(BusSettings.Section).Get<BusSettings>() ?? new BusSettings();
builder.Services.AddRecordingNode(builder.Configuration, bus);
builder.Services.AddVmsBus(bus, sp => [RecordingNode.Endpoint(sp)]);

var app = builder.Build();
app.MapRecordingNode();
app.Run();

/// <summary>Entry point; public so tests can host the service in-process.</summary>
public partial class Program;
