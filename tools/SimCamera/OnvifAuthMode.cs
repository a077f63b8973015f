namespace VmsServices.SimCamera;

/// <summary>How ONVIF calls are authenticated when <see cref="SimulatedCameraOptions.User"/> and
/// <see cref="SimulatedCameraOptions.Password"/> are set (ONVIF Core 5.9.1 allows either).</summary>
public enum OnvifAuthMode
{
    /// <summary>WS-Security UsernameToken with PasswordDigest in the SOAP header; failures are HTTP 400 with
    /// the SOAP fault env:Sender/ter:NotAuthorized, as ONVIF Core requires of username-token-only devices.</summary>
    UsernameToken,

    /// <summary>RFC 2617 Digest on the HTTP layer; failures are HTTP 401 with a challenge (and the same SOAP fault
    /// as body). UsernameToken headers are then ignored.</summary>
    HttpDigest,
}
