namespace VmsServices.Onvif;

/// <summary>
/// The one exception type the ONVIF client throws for anything a device (or the network) does.
/// Messages name the operation and the service address (without user info) and never hold a
/// password. Argument mistakes by the caller are ordinary <see cref="ArgumentException"/>s, and a
/// cancelled caller token gives <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class OnvifException : Exception
{
    public OnvifException(OnvifErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    private OnvifException(OnvifErrorKind kind, string message, string? faultCode,
        IReadOnlyList<string> faultSubcodes, string? faultReason, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
        FaultCode = faultCode;
        FaultSubcodes = faultSubcodes;
        FaultReason = faultReason;
    }

    public OnvifErrorKind Kind { get; }

    /// <summary>
    /// For faults: the SOAP fault code's local name ("Sender", "Receiver", SOAP 1.1 "Client"), or
    /// "HTTP &lt;status&gt;" for an HTTP error without a SOAP fault, or "NotSupported".
    /// </summary>
    public string? FaultCode { get; }

    /// <summary>For SOAP 1.2 faults: the local names of the nested subcodes, outermost first ("InvalidArgVal", "NoProfile").</summary>
    public IReadOnlyList<string> FaultSubcodes { get; } = [];

    /// <summary>For faults: the device's reason text, if it gave one.</summary>
    public string? FaultReason { get; }

    /// <summary>A fault (or an Unauthorized that came as a SOAP fault) with its code, subcodes and reason.</summary>
    public static OnvifException FromFault(OnvifErrorKind kind, string faultCode, IReadOnlyList<string> subcodes,
        string? reason)
    {
        string codes = string.Join("/", new[] { faultCode }.Concat(subcodes));
        string message = reason is null ? $"SOAP fault {codes}" : $"SOAP fault {codes}: {reason}";
        return new OnvifException(kind, message, faultCode, subcodes, reason, null);
    }

    /// <summary>A copy whose message starts with where it happened ("GetProfiles at http://host/onvif/media").</summary>
    public OnvifException WithContext(string context) =>
        new(Kind, $"{context}: {Message}", FaultCode, FaultSubcodes, FaultReason, this);

    internal static OnvifException Malformed(string message, Exception? inner = null) =>
        new(OnvifErrorKind.Malformed, message, inner);

    internal static OnvifException NotSupported(string message) =>
        new(OnvifErrorKind.Fault, message, "NotSupported", [], message, null);

    internal static OnvifException HttpError(int status, string? reasonPhrase)
    {
        string code = $"HTTP {status}";
        string message = string.IsNullOrWhiteSpace(reasonPhrase) ? $"the device answered {code}" : $"the device answered {code} {reasonPhrase}";
        return new OnvifException(OnvifErrorKind.Fault, message, code, [], reasonPhrase, null);
    }
}
