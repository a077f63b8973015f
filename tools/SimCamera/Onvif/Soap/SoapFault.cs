using System.Security;

namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>
/// A SOAP 1.2 fault (SOAP 1.2 Part 1 §5.4) with ONVIF subcodes (ONVIF Core 5.11.2). Handlers throw it for bad
/// input; the HTTP layer turns it into the fault envelope with the status of the SOAP 1.2 HTTP binding
/// (Part 2 §7.5.1): 400 for env:Sender, 500 for env:Receiver and env:VersionMismatch.
/// </summary>
internal sealed class SoapFault : Exception
{
    public SoapFault(string code, string reason, params string[] subcodes) : base(reason)
    {
        Code = code;
        Subcodes = subcodes;
    }

    /// <summary>env:Sender, env:Receiver or env:VersionMismatch.</summary>
    public string Code { get; }
    /// <summary>Nested subcodes, outermost first, e.g. ter:InvalidArgVal, ter:NoProfile.</summary>
    public IReadOnlyList<string> Subcodes { get; }
    public int HttpStatus => Code == "env:Sender" ? 400 : 500;

    public static SoapFault Sender(string reason, params string[] subcodes) => new("env:Sender", reason, subcodes);
    public static SoapFault Receiver(string reason, params string[] subcodes) => new("env:Receiver", reason, subcodes);

    public static SoapFault WellFormed(string reason) => Sender(reason, "ter:WellFormed");
    public static SoapFault InvalidArgs(string reason) => Sender(reason, "ter:InvalidArgs");
    public static SoapFault InvalidArgVal(string subcode, string reason) => Sender(reason, "ter:InvalidArgVal", subcode);
    public static SoapFault NotAuthorized(string reason) => Sender(reason, "ter:NotAuthorized");
    public static SoapFault ActionNotSupported(string reason, params string[] more) => Receiver(reason, ["ter:ActionNotSupported", .. more]);

    public string ToEnvelope()
    {
        var subcodes = "";
        for (var i = Subcodes.Count - 1; i >= 0; i--)
            subcodes = $"<env:Subcode><env:Value>{Subcodes[i]}</env:Value>{subcodes}</env:Subcode>";
        var code = $"<env:Value>{Code}</env:Value>{subcodes}";
        return SoapEnvelope.Wrap(
            $"<env:Fault><env:Code>{code}</env:Code><env:Reason><env:Text xml:lang=\"en\">{SecurityElement.Escape(Message)}</env:Text></env:Reason></env:Fault>");
    }
}
