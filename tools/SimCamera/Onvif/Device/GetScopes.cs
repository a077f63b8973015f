using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Device;

/// <summary>tds:GetScopes (ONVIF Core 8.3.14): the same fixed scopes the device announces in discovery.</summary>
internal sealed class GetScopes : ISoapOperation
{
    public OnvifService Service => OnvifService.Device;
    public string Name => "GetScopes";

    public string Handle(SoapCall call) =>
        "<tds:GetScopesResponse>" +
        string.Concat(call.Camera.Scopes.Select(s => $"<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>{XmlValue.Escape(s)}</tt:ScopeItem></tds:Scopes>")) +
        "</tds:GetScopesResponse>";
}
