using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmsServices.Onvif.Tests.Support;

/// <summary>
/// An ONVIF camera on 127.0.0.1 (Kestrel, any free port) that answers from a vendor's sample
/// files. It authenticates like a camera does (UsernameToken against its own clock, which runs
/// from the time in its GetSystemDateAndTime sample; HTTP Digest), answers an operation in the
/// wrong service namespace with ActionNotSupported, an unknown profile token with the vendor's
/// NoProfile fault, and records every request. Any path is served: the client's choice of service
/// address shows in <see cref="Requests"/>.
/// </summary>
internal sealed class FakeCamera : IAsyncDisposable
{
    private static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    private readonly WebApplication _app;
    private readonly CameraBehaviour _behaviour;
    private readonly UsernameTokenVerifier _tokens;
    private readonly DigestVerifier? _digest;
    private readonly TimeSpan _clockOffset;
    private readonly HashSet<string> _profileTokens;
    private readonly List<RecordedRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();

    private FakeCamera(WebApplication app, CameraBehaviour behaviour)
    {
        _app = app;
        _behaviour = behaviour;
        _tokens = new UsernameTokenVerifier(behaviour.UserName, behaviour.Password);
        if (behaviour.DigestAlgorithm is { } algorithm)
            _digest = new DigestVerifier(behaviour.UserName, behaviour.Password, algorithm, behaviour.DigestNonceUses);
        CameraTimeAtStart = ReadSampleUtcTime(behaviour.Vendor);
        _clockOffset = CameraTimeAtStart - DateTimeOffset.UtcNow;
        _profileTokens = ReadProfileTokens(behaviour.Vendor);
    }

    public Uri BaseUrl { get; private set; } = null!;
    public Uri DeviceServiceUrl => new(BaseUrl, "/onvif/device_service");
    public DateTimeOffset CameraTimeAtStart { get; }
    public DateTimeOffset CameraNow => DateTimeOffset.UtcNow + _clockOffset;

    /// <summary>Paths of requests that were not SOAP (e.g. an entity the XML tried to fetch).</summary>
    public List<string> OtherRequests { get; } = [];

    /// <summary>Released when the camera stops: interceptors that hang wait on it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    public static async Task<FakeCamera> StartAsync(CameraBehaviour behaviour)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var camera = new FakeCamera(app, behaviour);
        app.Run(camera.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        camera.BaseUrl = new Uri(address);
        return camera;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST")
        {
            lock (OtherRequests)
                OtherRequests.Add(context.Request.Path);
            context.Response.StatusCode = 404;
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        XElement envelope = XElement.Parse(await reader.ReadToEndAsync());
        XElement? content = envelope.Element(Soap12 + "Body")?.Elements().FirstOrDefault();
        string operation = content?.Name.LocalName ?? "";
        if (_behaviour.Intercept is { } intercept && await intercept(context, operation))
        {
            Record(context, envelope, content, 0);
            return;
        }
        int status = await AnswerAsync(context, envelope, content, operation);
        Record(context, envelope, content, status);
    }

    private async Task<int> AnswerAsync(HttpContext context, XElement envelope, XElement? content, string operation)
    {
        if (_digest is not null)
        {
            string target = context.Request.Path + context.Request.QueryString;
            DigestVerdict verdict = _digest.Verify(context.Request.Headers.Authorization.FirstOrDefault(), "POST", target);
            if (verdict != DigestVerdict.Ok)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = _digest.Challenge(stale: verdict == DigestVerdict.Stale);
                return 401;
            }
        }
        if (_behaviour.RequireUsernameToken && operation != "GetSystemDateAndTime"
            && !_tokens.Verify(envelope, CameraNow, out _))
            return await ServeAsync(context, "Fault-NotAuthorized");
        if (content is null || !Samples.Exists(_behaviour.Vendor, operation) || !AnswersInSameService(content))
            return await ServeActionNotSupportedAsync(context);
        string? token = content.Descendants().FirstOrDefault(e => e.Name.LocalName == "ProfileToken")?.Value;
        if (token is not null && !_profileTokens.Contains(token))
            return await ServeAsync(context, "Fault-NoProfile");
        return await ServeAsync(context, operation);
    }

    /// <summary>The sample answers with NameResponse in the request's namespace (or is a fault): else the client asked the wrong service.</summary>
    private bool AnswersInSameService(XElement content)
    {
        XElement sample = XElement.Parse(Samples.Text(_behaviour.Vendor, content.Name.LocalName));
        XElement? answer = sample.Elements().FirstOrDefault(e => e.Name.LocalName == "Body")?.Elements().FirstOrDefault();
        return answer is null || answer.Name.LocalName == "Fault"
            || answer.Name == content.Name.Namespace + (content.Name.LocalName + "Response");
    }

    private async Task<int> ServeAsync(HttpContext context, string sampleName)
    {
        byte[] bytes = Samples.Bytes(_behaviour.Vendor, sampleName);
        XElement sample = XElement.Parse(Samples.Text(_behaviour.Vendor, sampleName));
        bool soap11 = sample.Name.Namespace == Soap11;
        XElement? fault = sample.Descendants().FirstOrDefault(e => e.Name.LocalName == "Fault");
        // SOAP 1.2 HTTP binding: Sender faults are 400, others 500; SOAP 1.1 faults are 500.
        int status = fault is null ? 200 : !soap11 && fault.Value.Contains("Sender") ? 400 : 500;
        context.Response.StatusCode = status;
        context.Response.ContentType = soap11 ? "text/xml; charset=utf-8" : "application/soap+xml; charset=utf-8";
        await context.Response.Body.WriteAsync(bytes);
        return status;
    }

    private static async Task<int> ServeActionNotSupportedAsync(HttpContext context)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        await context.Response.WriteAsync("""
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><s:Body><s:Fault>
            <s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>ter:ActionNotSupported</s:Value></s:Subcode></s:Code>
            <s:Reason><s:Text xml:lang="en">Optional Action Not Implemented</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>
            """);
        return 400;
    }

    private void Record(HttpContext context, XElement envelope, XElement? content, int status)
    {
        var request = new RecordedRequest(
            context.Request.Path,
            content?.Name.LocalName ?? "",
            content?.Name.Namespace ?? XNamespace.None,
            content,
            context.Request.ContentType,
            UsernameTokenVerifier.IsPresent(envelope),
            context.Request.Headers.Authorization.Count > 0,
            status);
        lock (_requests)
            _requests.Add(request);
    }

    private static DateTimeOffset ReadSampleUtcTime(string vendor)
    {
        XElement sample = XElement.Parse(Samples.Text(vendor, "GetSystemDateAndTime"));
        XElement utc = sample.Descendants().First(e => e.Name.LocalName == "UTCDateTime");
        int Part(string name) => int.Parse(utc.Descendants().First(e => e.Name.LocalName == name).Value.Trim());
        return new DateTimeOffset(Part("Year"), Part("Month"), Part("Day"), Part("Hour"), Part("Minute"), Part("Second"), TimeSpan.Zero);
    }

    private static HashSet<string> ReadProfileTokens(string vendor) =>
        XElement.Parse(Samples.Text(vendor, "GetProfiles")).Descendants()
            .Where(e => e.Name.LocalName == "Profiles")
            .Select(e => e.Attribute("token")?.Value.Trim())
            .OfType<string>()
            .ToHashSet();
}
