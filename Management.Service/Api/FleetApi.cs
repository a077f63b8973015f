using VmsServices.Hosting.Security;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;
using VmsServices.Management.History;
using VmsServices.Messages;

namespace VmsServices.Management.Api;

/// <summary>A recording server with its liveness and last reported load (null until it reported).</summary>
public sealed record RecordingServerStatus(string Id, string Name, string Address, string State, long? LastSeenUtcMicros, int Devices, RecorderLoad? Load);

/// <summary>Recording servers' states and loads, and each camera's history (seed 001 table 3).</summary>
public static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recording-servers/status", async (ConfigurationStore table, ServerLiveness liveness, CancellationToken ct) =>
        {
            var servers = await table.ListServersAsync(ct);
            var states = (await table.ListServerStatesAsync(ct)).ToDictionary(s => s.Id, s => s.State);
            var devices = (await table.ListPlacementsAsync(ct)).CountBy(p => p.RecordingServerId).ToDictionary();
            return servers.Select(s =>
            {
                var beat = liveness.Last(s.Id);
                return new RecordingServerStatus(s.Id, s.Name, s.Address, states.GetValueOrDefault(s.Id, ServerStates.Registered),
                    beat?.ReceivedUtcMicros, devices.GetValueOrDefault(s.Id), beat?.Heartbeat.Load);
            }).ToList();
        }).WithTags("Recording servers").RequireView();
        app.MapGet("/api/devices/{id}/history", (string id, CameraHistoryStore history, CancellationToken ct) =>
            history.ReadAsync(RequestValidation.RouteId(id, "device"), ct)).WithTags("Devices").RequireView().WithDeviceRoute("id");
        return app;
    }
}
