using System.Security.Cryptography;
using System.Text;

namespace VmsServices.SimCamera.Rtsp;

/// <summary>
/// A parsed <c>Authorization: Digest …</c> header (RFC 2617 §3.2.2), MD5 only, qop="auth" or the RFC 2069 form
/// without qop. Shared by the RTSP server and the ONVIF HTTP services, which differ only in how they keep nonces.
/// </summary>
internal sealed record DigestAuthorization(string User, string Realm, string Nonce, string Uri, string Response,
    string? Qop, string? NonceCount, string? ClientNonce)
{
    /// <summary>Parses the header; false when it is not Digest, lacks a required parameter, or uses another
    /// algorithm or qop than MD5 / "auth".</summary>
    public static bool TryParse(string? header, string realm, out DigestAuthorization authorization)
    {
        authorization = null!;
        if (header is null || !header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)) return false;
        var p = DigestAuthenticator.ParseParameters(header.AsSpan(7));
        if (!p.TryGetValue("username", out var user) || !p.TryGetValue("nonce", out var nonce) ||
            !p.TryGetValue("uri", out var uri) || !p.TryGetValue("response", out var response))
            return false;
        if (p.TryGetValue("realm", out var given) && given != realm) return false;
        if (p.TryGetValue("algorithm", out var algorithm) && !algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase)) return false;
        string? nc = null, cnonce = null;
        if (p.TryGetValue("qop", out var qop) &&
            (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase) || !p.TryGetValue("nc", out nc) || !p.TryGetValue("cnonce", out cnonce)))
            return false;
        authorization = new DigestAuthorization(user, realm, nonce, uri, response, qop, nc, cnonce);
        return true;
    }

    /// <summary>True when the response is the request-digest of RFC 2617 §3.2.2.1 for these credentials (constant time).</summary>
    public bool Matches(string user, string password, string method)
    {
        var ha1 = DigestAuthenticator.Md5Hex($"{user}:{Realm}:{password}");
        var ha2 = DigestAuthenticator.Md5Hex($"{method}:{Uri}");
        var expected = Qop is null
            ? DigestAuthenticator.Md5Hex($"{ha1}:{Nonce}:{ha2}")
            : DigestAuthenticator.Md5Hex($"{ha1}:{Nonce}:{NonceCount}:{ClientNonce}:{Qop}:{ha2}");
        var userMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(User), Encoding.UTF8.GetBytes(user));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Response.ToLowerInvariant())) && userMatches;
    }
}
