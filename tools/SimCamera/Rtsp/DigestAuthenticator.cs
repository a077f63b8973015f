using System.Security.Cryptography;
using System.Text;

namespace VmsServices.SimCamera.Rtsp;

/// <summary>
/// HTTP Digest authentication (RFC 2617, MD5) as used by RTSP cameras. One instance per connection: the nonce
/// is generated per connection. Both the RFC 2069 form (no qop) and qop="auth" are accepted.
/// </summary>
public sealed class DigestAuthenticator
{
    private readonly string _user;
    private readonly string _password;

    public DigestAuthenticator(string user, string password, string realm = "VmsServices SimCamera", string? nonce = null)
    {
        _user = user;
        _password = password;
        Realm = realm;
        Nonce = nonce ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public string Realm { get; }
    public string Nonce { get; }

    /// <summary>Value of the WWW-Authenticate header of a 401 response.</summary>
    public string Challenge => $"Digest realm=\"{Realm}\", nonce=\"{Nonce}\", algorithm=MD5, qop=\"auth\"";

    /// <summary>True when <paramref name="authorization"/> (the Authorization header) is a valid answer for <paramref name="method"/>.</summary>
    public bool Validate(string method, string? authorization) =>
        DigestAuthorization.TryParse(authorization, Realm, out var digest) && digest.Nonce == Nonce && digest.Matches(_user, _password, method);

    public static string Md5Hex(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary>Parses <c>name=value, name="quoted, value"</c> lists.</summary>
    internal static Dictionary<string, string> ParseParameters(ReadOnlySpan<char> s)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) i++;
            var nameStart = i;
            while (i < s.Length && s[i] != '=' && s[i] != ',') i++;
            var name = s[nameStart..i].Trim().ToString();
            if (i >= s.Length || s[i] != '=') { if (name.Length > 0) result[name] = ""; continue; }
            i++; // '='
            string value;
            if (i < s.Length && s[i] == '"')
            {
                i++;
                var sb = new StringBuilder();
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                    sb.Append(s[i++]);
                }
                i++; // closing quote
                value = sb.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < s.Length && s[i] != ',') i++;
                value = s[valueStart..i].Trim().ToString();
            }
            if (name.Length > 0) result[name] = value;
        }
        return result;
    }
}
