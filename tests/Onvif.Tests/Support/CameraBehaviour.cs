using Microsoft.AspNetCore.Http;

namespace VmsServices.Onvif.Tests.Support;

/// <summary>How a <see cref="FakeCamera"/> behaves: which samples it serves and how it checks callers.</summary>
internal sealed record CameraBehaviour
{
    public required string Vendor { get; init; }
    public string UserName { get; init; } = "admin";
    public string Password { get; init; } = "S3cret!pass";

    /// <summary>Every call but GetSystemDateAndTime must carry a valid UsernameToken dated by the camera's clock.</summary>
    public bool RequireUsernameToken { get; init; } = true;

    /// <summary>"MD5" or "SHA-256": every request must carry a valid HTTP Digest Authorization; null: none needed.</summary>
    public string? DigestAlgorithm { get; init; }

    /// <summary>After this many requests on one nonce the camera answers 401 with stale=true.</summary>
    public int DigestNonceUses { get; init; } = int.MaxValue;

    /// <summary>Handles a request itself (operation name given) instead of the usual flow when it returns true.</summary>
    public Func<HttpContext, string, Task<bool>>? Intercept { get; init; }

    public static CameraBehaviour For(string vendor) => vendor switch
    {
        Samples.DigestOnly => new CameraBehaviour { Vendor = vendor, RequireUsernameToken = false, DigestAlgorithm = "MD5" },
        _ => new CameraBehaviour { Vendor = vendor },
    };

    public OnvifCredentials Credentials => new(UserName, Password);
}
