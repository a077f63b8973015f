using Microsoft.AspNetCore.Http.HttpResults;
using VmsServices.Hosting;
using VmsServices.Management.Discovery;
using VmsServices.Onvif;

namespace VmsServices.Management.Api;

public sealed record ProbeRequest(string Address);

/// <summary>ONVIF cameras found on the network, and attaching them as devices (seed 001).</summary>
public static class DiscoveryApi
{
    public static IEndpointRouteBuilder MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/discovery").WithTags("Discovery");
        api.MapGet("/", (DiscoveredCameras cameras) => cameras.All);
        api.MapPost("/probe", async (ProbeRequest request, CameraDiscovery discovery, CancellationToken ct) =>
        {
            System.Net.IPEndPoint target;
            try { target = CameraDiscovery.ParseEndpoint(request.Address ?? ""); }
            catch (ArgumentException e) { throw new InvalidRequestException(e.Message); }
            try { return await discovery.ProbeAsync(target, ct); }
            catch (ArgumentException e) { throw new InvalidRequestException(e.Message); }
            catch (OnvifException e) { throw new UpstreamException(e.Message); }
        });
        api.MapPost("/attach", async Task<Results<Created<AttachResult>, Ok<AttachResult>>> (AttachRequest request, CameraAttacher attacher, CancellationToken ct) =>
        {
            var result = await attacher.AttachAsync(request, ct);
            return result.AlreadyKnown ? TypedResults.Ok(result) : TypedResults.Created($"/api/devices/{result.Device.Device.Id}", result);
        });
        return app;
    }
}
