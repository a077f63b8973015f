using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VmsServices.Media.Rtsp;

/// <summary>
/// HTTP authentication as used by RTSP (RFC 2326 §14.47 refers to RFC 2617): Basic and Digest
/// (RFC 2617 §3, RFC 7616) with MD5, MD5-sess, SHA-256 and SHA-256-sess, qop "auth" or no qop.
/// The strongest offered challenge wins: Digest (SHA-256 before MD5) over Basic. Thread-safe.
/// </summary>
public sealed class RtspAuthenticator
{
    private readonly string? _user;
    private readonly string? _password;
    private string? _scheme;
    private Dictionary<string, string> _challenge = new(StringComparer.OrdinalIgnoreCase);
    private int _nonceCount;
    private readonly object _gate = new();

    public RtspAuthenticator(string? user, string? password)
    {
        _user = user;
        _password = password;
    }

    public bool HasCredentials => !string.IsNullOrEmpty(_user);

    /// <summary>The scheme in use ("Basic"/"Digest") or null before any challenge.</summary>
    public string? Scheme => _scheme;

    /// <summary>
    /// Adopts the best usable challenge among the WWW-Authenticate values. Returns false if there
    /// are no credentials or no supported challenge.
    /// </summary>
    public bool TryAcceptChallenge(IEnumerable<string> wwwAuthenticate)
    {
        lock (_gate)
            return TryAcceptChallengeCore(wwwAuthenticate);
    }

    private bool TryAcceptChallengeCore(IEnumerable<string> wwwAuthenticate)
    {
        if (!HasCredentials)
            return false;
        Dictionary<string, string>? best = null;
        string? bestScheme = null;
        foreach (string header in wwwAuthenticate)
        {
            string trimmed = header.Trim();
            int space = trimmed.IndexOf(' ');
            string scheme = space < 0 ? trimmed : trimmed[..space];
            Dictionary<string, string> p = ParseParameters(space < 0 ? "" : trimmed[(space + 1)..]);
            if (scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && IsUsableDigest(p))
            {
                if (bestScheme != "Digest" || Rank(p) > Rank(best!))
                    (best, bestScheme) = (p, "Digest");
            }
            else if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && bestScheme is null)
            {
                (best, bestScheme) = (p, "Basic");
            }
        }
        if (best is null)
            return false;
        _scheme = bestScheme;
        _challenge = best;
        _nonceCount = 0;
        return true;
    }

    private static int Rank(Dictionary<string, string> p) =>
        p.GetValueOrDefault("algorithm", "MD5").StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    private static bool IsUsableDigest(Dictionary<string, string> p)
    {
        if (!p.ContainsKey("nonce"))
            return false;
        string alg = p.GetValueOrDefault("algorithm", "MD5").ToUpperInvariant();
        if (alg is not ("MD5" or "MD5-SESS" or "SHA-256" or "SHA-256-SESS"))
            return false;
        return !p.TryGetValue("qop", out string? qop) || QopOffersAuth(qop);
    }

    private static bool QopOffersAuth(string qop) =>
        qop.Split(',', StringSplitOptions.TrimEntries).Contains("auth", StringComparer.OrdinalIgnoreCase);

    /// <summary>The Authorization header value for a request, or null if no challenge was accepted.</summary>
    public string? GetAuthorization(string method, string uri)
    {
        lock (_gate)
            return GetAuthorizationCore(method, uri);
    }

    private string? GetAuthorizationCore(string method, string uri)
    {
        if (_scheme is null || _user is null)
            return null;
        if (_scheme == "Basic")
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}"));

        string realm = _challenge.GetValueOrDefault("realm", "");
        string nonce = _challenge["nonce"];
        bool useQop = _challenge.TryGetValue("qop", out string? qop) && QopOffersAuth(qop);
        string? algorithm = _challenge.GetValueOrDefault("algorithm");
        var sb = new StringBuilder("Digest ");
        sb.Append($"username=\"{Quote(_user)}\", realm=\"{Quote(realm)}\", nonce=\"{Quote(nonce)}\", uri=\"{Quote(uri)}\"");
        string? nc = null, cnonce = null;
        if (useQop || (algorithm?.EndsWith("-sess", StringComparison.OrdinalIgnoreCase) ?? false))
            cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (useQop)
            nc = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
        string response = ComputeDigestResponse(algorithm ?? "MD5", _user, realm, _password ?? "", nonce,
            method, uri, useQop ? "auth" : null, nc, cnonce);
        sb.Append($", response=\"{response}\"");
        if (algorithm is not null)
            sb.Append($", algorithm={algorithm}");
        if (_challenge.TryGetValue("opaque", out string? opaque))
            sb.Append($", opaque=\"{Quote(opaque)}\"");
        if (useQop)
            sb.Append($", qop=auth, nc={nc}, cnonce=\"{cnonce}\"");
        return sb.ToString();
    }

    /// <summary>
    /// The Digest "response" value (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1):
    /// H(H(A1):nonce:nc:cnonce:qop:H(A2)) with qop, H(H(A1):nonce:H(A2)) without;
    /// A1 = user:realm:password (for -sess: H(that):nonce:cnonce); A2 = method:uri.
    /// </summary>
    public static string ComputeDigestResponse(string algorithm, string user, string realm, string password,
        string nonce, string method, string uri, string? qop, string? nc, string? cnonce)
    {
        bool sha256 = algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase);
        string H(string s) => Convert.ToHexStringLower(sha256
            ? SHA256.HashData(Encoding.UTF8.GetBytes(s))
            : MD5.HashData(Encoding.UTF8.GetBytes(s)));

        string ha1 = H($"{user}:{realm}:{password}");
        if (algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase))
            ha1 = H($"{ha1}:{nonce}:{cnonce}");
        string ha2 = H($"{method}:{uri}");
        return qop is null ? H($"{ha1}:{nonce}:{ha2}") : H($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>Parses comma-separated auth-params: token=token or token="quoted \" string".</summary>
    public static Dictionary<string, string> ParseParameters(string s)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i])))
                i++;
            int nameStart = i;
            while (i < s.Length && s[i] != '=' && s[i] != ',')
                i++;
            string name = s[nameStart..i].Trim();
            if (i >= s.Length || s[i] != '=')
                continue;
            i++;
            while (i < s.Length && s[i] == ' ')
                i++;
            var value = new StringBuilder();
            if (i < s.Length && s[i] == '"')
            {
                for (i++; i < s.Length && s[i] != '"'; i++)
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                        i++;
                    value.Append(s[i]);
                }
                i++;
            }
            else
            {
                while (i < s.Length && s[i] != ',')
                    value.Append(s[i++]);
            }
            if (name.Length > 0)
                result[name] = value.ToString().Trim();
        }
        return result;
    }

    private static string Quote(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
