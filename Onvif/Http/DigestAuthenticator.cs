using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VmsServices.Onvif.Http;

/// <summary>
/// HTTP Digest client state for one device (RFC 7616, RFC 2617): keeps each server's accepted
/// challenge (keyed by host and port, since a realm belongs to one server) so that later requests
/// authenticate up front with an increasing nonce count instead of paying a 401 each time.
/// Thread-safe.
/// </summary>
internal sealed class DigestAuthenticator
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DigestChallenge Challenge, int NonceCount)> _servers = new(StringComparer.OrdinalIgnoreCase);

    public void Accept(Uri endpoint, DigestChallenge challenge)
    {
        lock (_gate)
            _servers[endpoint.Authority] = (challenge, 0);
    }

    /// <summary>The Authorization header value for a request, or null before that server challenged us.</summary>
    public string? Authorize(OnvifCredentials credentials, string method, Uri endpoint)
    {
        DigestChallenge challenge;
        int nc;
        lock (_gate)
        {
            if (!_servers.TryGetValue(endpoint.Authority, out var state))
                return null;
            challenge = state.Challenge;
            nc = state.NonceCount + 1;
            _servers[endpoint.Authority] = (challenge, nc);
        }
        return BuildHeader(challenge, credentials, method, endpoint.PathAndQuery, nc,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    internal static string BuildHeader(DigestChallenge c, OnvifCredentials credentials, string method, string uri,
        int nonceCount, string cnonce)
    {
        string nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        string response = ComputeResponse(c.Algorithm, credentials.UserName, c.Realm, credentials.Password, c.Nonce,
            method, uri, c.UseQop ? "auth" : null, nc, cnonce);
        var sb = new StringBuilder("Digest ");
        sb.Append("username=").Append(AuthParameters.Quote(credentials.UserName));
        sb.Append(", realm=").Append(AuthParameters.Quote(c.Realm));
        sb.Append(", nonce=").Append(AuthParameters.Quote(c.Nonce));
        sb.Append(", uri=").Append(AuthParameters.Quote(uri));
        sb.Append(", algorithm=").Append(c.Algorithm);
        sb.Append(", response=").Append(AuthParameters.Quote(response));
        if (c.Opaque is not null)
            sb.Append(", opaque=").Append(AuthParameters.Quote(c.Opaque));
        if (c.UseQop)
            sb.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=").Append(AuthParameters.Quote(cnonce));
        return sb.ToString();
    }

    /// <summary>
    /// RFC 7616 §3.4.1: response = H(H(A1):nonce:nc:cnonce:qop:H(A2)), or H(H(A1):nonce:H(A2))
    /// without qop; A1 = user:realm:password (-sess: H(A1):nonce:cnonce), A2 = method:uri.
    /// </summary>
    internal static string ComputeResponse(string algorithm, string user, string realm, string password, string nonce,
        string method, string uri, string? qop, string nc, string cnonce)
    {
        bool sha256 = algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase);
        string H(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            return Convert.ToHexStringLower(sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes));
        }

        string ha1 = H($"{user}:{realm}:{password}");
        if (algorithm.EndsWith("-SESS", StringComparison.OrdinalIgnoreCase))
            ha1 = H($"{ha1}:{nonce}:{cnonce}");
        string ha2 = H($"{method}:{uri}");
        return qop is null ? H($"{ha1}:{nonce}:{ha2}") : H($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }
}
