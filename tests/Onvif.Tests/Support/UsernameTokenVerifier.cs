using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace VmsServices.Onvif.Tests.Support;

/// <summary>
/// The camera's side of WS-UsernameToken PasswordDigest, written from the OASIS profile
/// independently of the client: recomputes the digest, checks Created against the camera's own
/// clock, and refuses a nonce seen before.
/// </summary>
internal sealed class UsernameTokenVerifier(string userName, string password)
{
    private static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>Generous: the client's offset is measured to about a second; a wrong clock is off by months.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> _seenNonces = [];
    private readonly object _gate = new();

    public static bool IsPresent(XElement envelope) => envelope.Descendants(Wsse + "UsernameToken").Any();

    public bool Verify(XElement envelope, DateTimeOffset cameraNow, out string problem)
    {
        XElement? token = envelope.Descendants(Wsse + "UsernameToken").FirstOrDefault();
        string? user = token?.Element(Wsse + "Username")?.Value;
        XElement? passwordElement = token?.Element(Wsse + "Password");
        string? nonceText = token?.Element(Wsse + "Nonce")?.Value;
        string? created = token?.Element(Wsu + "Created")?.Value;
        if (token is null || user is null || passwordElement is null || nonceText is null || created is null)
            return Fail("no complete UsernameToken", out problem);
        if (!(passwordElement.Attribute("Type")?.Value ?? "").EndsWith("#PasswordDigest", StringComparison.Ordinal))
            return Fail("password is not a PasswordDigest", out problem);
        if (user != userName)
            return Fail("unknown user", out problem);
        byte[] nonce = Convert.FromBase64String(nonceText);
        byte[] expected = SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(password)]);
        if (Convert.ToBase64String(expected) != passwordElement.Value)
            return Fail("wrong digest", out problem);
        DateTimeOffset createdTime = DateTimeOffset.Parse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if ((createdTime - cameraNow).Duration() > AllowedSkew)
            return Fail($"Created {created} is too far from the camera's clock {cameraNow:O}", out problem);
        lock (_gate)
        {
            if (!_seenNonces.Add(nonceText))
                return Fail("nonce replayed", out problem);
        }
        problem = "";
        return true;
    }

    private static bool Fail(string why, out string problem)
    {
        problem = why;
        return false;
    }
}
