namespace VmsServices.Onvif;

/// <summary>What went wrong in a call to a device, coarse enough for a caller to decide what to do.</summary>
public enum OnvifErrorKind
{
    /// <summary>No answer at the transport level: connection refused, DNS, reset, UDP send failed.</summary>
    Unreachable,

    /// <summary>The device refused the credentials (HTTP 401 after digest, or SOAP fault NotAuthorized).</summary>
    Unauthorized,

    /// <summary>
    /// The device answered with a SOAP fault (see <see cref="OnvifException.FaultCode"/> and
    /// <see cref="OnvifException.FaultReason"/>), an HTTP error without one (code "HTTP 404"), or
    /// does not offer the service an operation needs (code "NotSupported").
    /// </summary>
    Fault,

    /// <summary>The answer is not the XML that was expected: not SOAP, too large, DTD, missing element.</summary>
    Malformed,

    /// <summary>The device did not answer within the configured per-call timeout.</summary>
    Timeout,
}
