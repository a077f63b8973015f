using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Lifetime;
using VmsServices.Recording;

// Console, systemd or Windows service: see ServiceHosting.
var hosting = ServiceHosting.Detect(args);
var builder = WebApplication.CreateBuilder(hosting.WebApplicationOptions);
hosting.Apply(builder, "VmsRecording");
var bus = builder.Configuration.GetSection(BusSettings.Section).Get<BusSettings>() ?? new BusSettings();
builder.Services.AddRecordingNode(builder.Configuration, bus);
builder.Services.AddVmsBus(bus, sp => [RecordingNode.Endpoint(sp)]);

var app = builder.Build();
app.MapRecordingNode();
app.Run();

/// <summary>Entry point; public so tests can host the service in-process.</summary>
public partial class Program;
