using VmsServices.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using VmsServices.Hosting;
using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Discovery;
using VmsServices.Messages;

namespace VmsServices.Management.Api;

public static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices").WithTags("Devices").WithDeviceRoute("id");
        var view = api.MapGroup("").RequireView();
        var admin = api.MapGroup("").RequireAdminister();
        // A user limited to some devices sees only those.
        view.MapGet("/", async (HttpContext http, ConfigurationStore store, CancellationToken ct) =>
            (await store.ListDevicesAsync(ct)).Where(d => DeviceAccess.Allows(http.User, d.Device.Id)).ToList());
        view.MapGet("/{id}", (string id, ConfigurationStore store, CancellationToken ct) =>
            store.GetDeviceAsync(RequestValidation.RouteId(id, "device"), ct));
        admin.MapPost("/", async Task<Created<DeviceConfiguration>> (AddDeviceRequest request, ConfigurationStore store, FleetReader fleets,
            ConfigurationPublisher publisher, CancellationToken ct) =>
        {
            var (device, dataTypes) = request.Validate();
            var (serverId, placement) = request.RecordingServerId is { } chosen
                ? (chosen, Placements.Manual)
                : ((await fleets.ReadAsync(ct)).Choose()?.Id ?? throw new ConflictException(NoCapacity), Placements.Automatic);
            var change = await store.AddDeviceAsync(device, dataTypes, serverId, ct, placement);
            await publisher.PublishAsync(change);
            return TypedResults.Created($"/api/devices/{device.Id}", change.Devices.Single());
        });
        admin.MapDelete("/{id}", async Task<NoContent> (string id, ConfigurationStore store, ConfigurationPublisher publisher, DiscoveredCameras discovered, CancellationToken ct) =>
        {
            await publisher.PublishAsync(await store.RemoveDeviceAsync(RequestValidation.RouteId(id, "device"), ct));
            discovered.DeviceRemoved(id);
            return TypedResults.NoContent();
        });
        return api;
    }

    internal const string NoCapacity = "No online recording server has capacity for another device: add a server, raise its Recording:Capacity limits, or name recordingServerId.";
}
