using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VmsServices.SimCamera.Onvif.Auth;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif;

/// <summary>
/// Everything under <c>/onvif/camN/</c>: the SOAP services (POST device_service, media_service, ptz_service),
/// the snapshot (GET snapshot.jpg) and, for tests, the PTZ state (GET ptz-state, JSON, never authenticated).
/// A SOAP request is read (bounded), parsed (XXE-safe), dispatched, authenticated unless the operation is anonymous,
/// and answered; every failure becomes a SOAP fault, never an unhandled exception.
/// </summary>
internal sealed class OnvifRequestHandler(
    IReadOnlyList<OnvifCamera> cameras, SoapDispatcher dispatcher, OnvifAuthenticator? authenticator,
    OnvifAuthMode authMode, TimeProvider clock, Action<string>? log)
{
    /// <summary>Largest request body; Kestrel refuses bigger ones with 413 (ONVIF requests are a few KB).</summary>
    public const int MaxRequestBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!TryRoute(request.Path, out var camera, out var resource))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var method = resource is "snapshot.jpg" or "ptz-state" ? HttpMethods.Get : HttpMethods.Post;
        if (request.Method != method)
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = method;
            return;
        }
        switch (resource)
        {
            case "snapshot.jpg":
                await ServeSnapshotAsync(context);
                break;
            case "ptz-state":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(camera.Ptz.Read(), JsonSerializerOptions.Web));
                break;
            default:
                OnvifServiceExtensions.TryParsePath(resource, out var service);
                await HandleSoapAsync(context, camera, service);
                break;
        }
    }

    /// <summary><c>/onvif/cam{n}/{resource}</c> with a known mount and resource.</summary>
    private bool TryRoute(PathString path, out OnvifCamera camera, out string resource)
    {
        camera = null!;
        resource = "";
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not ["onvif", var mount, var leaf] || !mount.StartsWith("cam", StringComparison.Ordinal) ||
            !int.TryParse(mount.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
            index < 1 || index > cameras.Count || mount != "cam" + index)
            return false;
        if (leaf is not ("snapshot.jpg" or "ptz-state") && !OnvifServiceExtensions.TryParsePath(leaf, out _)) return false;
        camera = cameras[index - 1];
        resource = leaf;
        return true;
    }

    private async Task HandleSoapAsync(HttpContext context, OnvifCamera camera, OnvifService service)
    {
        try
        {
            var (body, length) = await ReadBodyAsync(context.Request);
            var message = SoapMessage.Parse(body, length, MaxRequestBytes);
            var operation = dispatcher.Find(service, message.Operation.Name);
            if (!operation.Anonymous && authenticator?.CheckSoap(context.Request, message.Header) is { } failure)
            {
                await WriteFailureAsync(context, failure);
                return;
            }
            var response = operation.Handle(new SoapCall(camera, message.Operation, clock.GetUtcNow(), authMode));
            await WriteSoapAsync(context, StatusCodes.Status200OK, SoapEnvelope.Wrap(response));
        }
        catch (SoapFault fault)
        {
            await WriteSoapAsync(context, fault.HttpStatus, fault.ToEnvelope());
        }
        catch (BadHttpRequestException ex)
        {
            // Body over MaxRequestBytes (413) or broken framing: Kestrel has already decided the status.
            var reason = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"The request body exceeds {MaxRequestBytes} bytes." : ex.Message;
            await WriteSoapAsync(context, ex.StatusCode, SoapFault.Sender(reason).ToEnvelope());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.Invoke($"ONVIF {camera.MountName}: unexpected error: {ex}");
            await WriteSoapAsync(context, StatusCodes.Status500InternalServerError, SoapFault.Receiver("Internal error.", "ter:Action").ToEnvelope());
        }
    }

    private async Task ServeSnapshotAsync(HttpContext context)
    {
        if (authenticator?.CheckHttp(context.Request) is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            context.Response.Headers.WWWAuthenticate = failure.Challenge;
            return;
        }
        context.Response.ContentType = "image/jpeg";
        await context.Response.Body.WriteAsync(SnapshotImage.Jpeg);
    }

    private static async Task<(byte[] Body, int Length)> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 4096, MaxRequestBytes));
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    private static Task WriteFailureAsync(HttpContext context, AuthFailure failure)
    {
        if (failure.Challenge is not null) context.Response.Headers.WWWAuthenticate = failure.Challenge;
        return WriteSoapAsync(context, failure.Status, failure.Fault.ToEnvelope());
    }

    private static Task WriteSoapAsync(HttpContext context, int status, string envelope)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = SoapEnvelope.ContentType;
        return context.Response.WriteAsync(envelope);
    }
}
