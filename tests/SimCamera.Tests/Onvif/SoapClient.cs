using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>Raw SOAP 1.2 over HttpClient, as an ONVIF client sends it; nothing from the server's code.</summary>
internal sealed class SoapClient : IDisposable
{
    public static readonly XNamespace Env = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Tds = "http://www.onvif.org/ver10/device/wsdl";
    public static readonly XNamespace Trt = "http://www.onvif.org/ver10/media/wsdl";
    public static readonly XNamespace Tptz = "http://www.onvif.org/ver20/ptz/wsdl";
    public static readonly XNamespace Tt = "http://www.onvif.org/ver10/schema";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A request envelope; <paramref name="body"/> may use the tds, trt, tptz and tt prefixes.</summary>
    public static string Envelope(string body, string header = "") =>
        $"""<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{Env}" xmlns:tds="{Tds}" xmlns:trt="{Trt}" xmlns:tptz="{Tptz}" xmlns:tt="{Tt}"><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>""";

    public Task<SoapResponse> CallAsync(string url, string body, string header = "", string? authorization = null) =>
        PostAsync(url, Envelope(body, header), authorization);

    public async Task<SoapResponse> PostAsync(string url, string content, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(content, Encoding.UTF8, "application/soap+xml"),
        };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _http.SendAsync(request);
        return new SoapResponse(response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.WwwAuthenticate.Select(h => h.ToString()).FirstOrDefault(), response.Content.Headers.ContentType);
    }

    public Task<HttpResponseMessage> GetAsync(string url, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record SoapResponse(HttpStatusCode Status, string Text, string? Challenge, MediaTypeHeaderValue? ContentType)
{
    public XElement Body => XDocument.Parse(Text).Root!.Element(SoapClient.Env + "Body")!.Elements().Single();

    /// <summary>Fault code then nested subcodes, e.g. ["env:Sender", "ter:InvalidArgVal", "ter:NoProfile"]; empty if no fault.</summary>
    public IReadOnlyList<string> FaultCodes
    {
        get
        {
            var codes = new List<string>();
            var code = Body.Name == SoapClient.Env + "Fault" ? Body.Element(SoapClient.Env + "Code") : null;
            while (code is not null)
            {
                codes.Add(code.Element(SoapClient.Env + "Value")!.Value);
                code = code.Element(SoapClient.Env + "Subcode");
            }
            return codes;
        }
    }

    public string FaultReason => Body.Element(SoapClient.Env + "Reason")!.Element(SoapClient.Env + "Text")!.Value;
}
