using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace VmsServices.Onvif.Tests.Support;

/// <summary>
/// The server side of HTTP Digest (RFC 7616, qop=auth), written independently of the client:
/// issues nonces, parses the Authorization header with its own regex, recomputes the response.
/// </summary>
internal sealed partial class DigestVerifier(string userName, string password, string algorithm, int nonceUses)
{
    public const string Realm = "IP Camera(C1234)";
    private readonly Dictionary<string, int> _nonces = [];
    private readonly object _gate = new();

    public string Challenge(bool stale = false)
    {
        string nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
            _nonces[nonce] = 0;
        return $"Digest realm=\"{Realm}\", qop=\"auth,auth-int\", algorithm={algorithm}, nonce=\"{nonce}\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", stale={(stale ? "TRUE" : "FALSE")}";
    }

    /// <summary>Ok, Missing/Invalid (answer with a fresh challenge) or Stale (nonce used up).</summary>
    public DigestVerdict Verify(string? authorization, string method, string requestTarget)
    {
        if (authorization is null || !authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
            return DigestVerdict.Missing;
        Dictionary<string, string> p = ParamRegex().Matches(authorization[7..])
            .ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value);
        string Get(string key) => p.GetValueOrDefault(key, "");
        lock (_gate)
        {
            if (!_nonces.TryGetValue(Get("nonce"), out int uses))
                return DigestVerdict.Invalid;
            if (uses >= nonceUses)
                return DigestVerdict.Stale;
            _nonces[Get("nonce")] = uses + 1;
        }
        if (Get("username") != userName || Get("realm") != Realm || Get("uri") != requestTarget || Get("qop") != "auth"
            || !Get("algorithm").Equals(algorithm, StringComparison.OrdinalIgnoreCase) || Get("cnonce").Length == 0
            || Get("opaque") != "5ccc069c403ebaf9f0171e9517f40e41")
            return DigestVerdict.Invalid;
        string ha1 = Hash($"{userName}:{Realm}:{password}");
        string ha2 = Hash($"{method}:{requestTarget}");
        string expected = Hash($"{ha1}:{Get("nonce")}:{Get("nc")}:{Get("cnonce")}:auth:{ha2}");
        return expected == Get("response") ? DigestVerdict.Ok : DigestVerdict.Invalid;
    }

    private string Hash(string s) => Convert.ToHexStringLower(algorithm == "SHA-256"
        ? SHA256.HashData(Encoding.UTF8.GetBytes(s))
        : MD5.HashData(Encoding.UTF8.GetBytes(s)));

    [GeneratedRegex("""(\w+)=("((?:[^"\\]|\\.)*)"|([^,\s]+))""")]
    private static partial Regex ParamRegex();
}

internal enum DigestVerdict
{
    Ok,
    Missing,
    Invalid,
    Stale,
}
