using VmsServices.Hosting.Security;
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
        var api = app.MapGroup("/api/discovery").WithTags("Discovery").RequireAdminister();
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
            var result = await attacher.AttachAsync(Validated(request), ct);
            return result.AlreadyKnown ? TypedResults.Ok(result) : TypedResults.Created($"/api/devices/{result.Device.Device.Id}", result);
        });
        return app;
    }

    /// <summary>
    /// Everything of an attach that can be judged without the camera, judged before it is contacted:
    /// a bad name or reference is a 400, never a camera error (502) or a row written with it.
    /// </summary>
    private static AttachRequest Validated(AttachRequest request)
    {
        var errors = new List<string>();
        if ((request.EndpointReference is null) == (request.DeviceServiceUrl is null))
            errors.Add("Give endpointReference (a discovered camera) or deviceServiceUrl, not both.");
        if (request.EndpointReference is { Length: > 2000 }) errors.Add("endpointReference is at most 2000 characters.");
        if (request.DeviceServiceUrl is not null) RequestValidation.CheckUrl(errors, "deviceServiceUrl (an http(s) URL without credentials)", request.DeviceServiceUrl, "http", "https");
        if (request.Id is not null) RequestValidation.CheckId(errors, "id", request.Id);
        if (request.Name is not null) RequestValidation.CheckText(errors, "name", request.Name);
        if (request.CredentialsRef is not null) RequestValidation.CheckId(errors, "credentialsRef", request.CredentialsRef);
        if (request.RecordingServerId is not null) RequestValidation.CheckId(errors, "recordingServerId", request.RecordingServerId);
        if (request.ProfileToken is { } token && (token.Length is 0 or > 64 || token.Any(char.IsControl)))
            errors.Add("profileToken is 1-64 characters without control characters.");
        RequestValidation.ThrowIfAny(errors);
        return request;
    }
}
