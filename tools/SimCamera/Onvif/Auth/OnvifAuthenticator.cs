using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Auth;

/// <summary>Why a request was refused: the HTTP status, the SOAP fault for the body, and a Digest challenge if any.</summary>
internal sealed record AuthFailure(int Status, SoapFault Fault, string? Challenge);

/// <summary>
/// Applies the configured <see cref="OnvifAuthMode"/> to ONVIF calls (ONVIF Core 5.9.1): UsernameToken answers
/// 400 + ter:NotAuthorized; HttpDigest answers 401 + a challenge (and the same fault as body). The snapshot URL is an
/// ordinary HTTP resource and always uses Digest, as on real cameras.
/// </summary>
internal sealed class OnvifAuthenticator(string user, string password, OnvifAuthMode mode, TimeProvider clock)
{
    private readonly UsernameTokenValidator _usernameToken = new(user, password, clock);
    private readonly HttpDigestVerifier _digest = new(user, password, clock);

    public AuthFailure? CheckSoap(HttpRequest request, XElement? soapHeader)
    {
        if (mode == OnvifAuthMode.HttpDigest) return CheckHttp(request);
        try
        {
            _usernameToken.Validate(soapHeader);
            return null;
        }
        catch (SoapFault fault)
        {
            return new AuthFailure(StatusCodes.Status400BadRequest, fault, null);
        }
    }

    public AuthFailure? CheckHttp(HttpRequest request)
    {
        var verdict = _digest.Verify(request.Method, request.Path + request.QueryString, request.Headers.Authorization.FirstOrDefault());
        if (verdict == DigestVerdict.Valid) return null;
        var reason = verdict switch
        {
            DigestVerdict.Missing => "This resource needs HTTP Digest credentials.",
            DigestVerdict.Stale => "The Digest nonce expired; retry with the new one.",
            DigestVerdict.Replayed => "The Digest nonce count was already used (replay).",
            _ => "Wrong HTTP Digest credentials.",
        };
        return new AuthFailure(StatusCodes.Status401Unauthorized, SoapFault.NotAuthorized(reason), _digest.Challenge(stale: verdict == DigestVerdict.Stale));
    }
}
