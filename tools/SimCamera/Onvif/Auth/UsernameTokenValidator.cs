using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Onvif.Auth;

/// <summary>
/// Checks the WS-Security UsernameToken of a request (OASIS Username Token Profile 1.0 §3.1, ONVIF Core 5.9.4):
/// PasswordDigest = Base64(SHA-1(nonce + created + password)) with the nonce Base64-decoded, Created within
/// ±<see cref="MaxClockSkew"/> of the device clock, and each nonce accepted once. Plain-text passwords are refused.
/// Fault reasons say what was wrong, which a real device would not; this is a test double for client code.
/// </summary>
internal sealed class UsernameTokenValidator(string user, string password, TimeProvider clock)
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
    private const string PasswordDigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private const int MaxRememberedNonces = 100_000;

    private readonly ExpiringCache<string> _seenNonces = new(MaxRememberedNonces);

    /// <summary>Throws ter:NotAuthorized unless <paramref name="header"/> carries a valid, fresh token.</summary>
    public void Validate(XElement? header)
    {
        var wsse = OnvifNamespaces.Wsse;
        var token = header?.Element(wsse + "Security")?.Element(wsse + "UsernameToken")
            ?? throw SoapFault.NotAuthorized("This operation needs a WS-Security UsernameToken.");
        var name = token.Element(wsse + "Username")?.Value;
        var passwordElement = token.Element(wsse + "Password");
        var nonceText = token.Element(wsse + "Nonce")?.Value.Trim();
        var createdText = token.Element(OnvifNamespaces.Wsu + "Created")?.Value.Trim();
        if (name is null || passwordElement is null || nonceText is null || createdText is null)
            throw SoapFault.NotAuthorized("The UsernameToken needs Username, Password, Nonce and Created.");
        if ((string?)passwordElement.Attribute("Type") != PasswordDigestType)
            throw SoapFault.NotAuthorized("Only PasswordDigest is accepted.");
        var nonce = new byte[nonceText.Length];
        if (!Convert.TryFromBase64String(nonceText, nonce, out var nonceLength) || nonceLength == 0)
            throw SoapFault.NotAuthorized("The Nonce is not Base64.");
        var created = ParseCreated(createdText);

        var now = clock.GetUtcNow();
        if ((now - created).Duration() > MaxClockSkew)
            throw SoapFault.NotAuthorized($"Created is more than {MaxClockSkew.TotalMinutes:0} minutes from the device clock.");
        if (!DigestMatches(name, passwordElement.Value.Trim(), nonce.AsSpan(0, nonceLength), createdText))
            throw SoapFault.NotAuthorized("Wrong user name or password digest.");
        // Remembered for as long as a token carrying it could still be fresh: Created may be up to MaxClockSkew ahead.
        if (!_seenNonces.TryAdd(Convert.ToBase64String(nonce, 0, nonceLength), createdText, now + 2 * MaxClockSkew, now))
            throw SoapFault.NotAuthorized("The Nonce was already used (replay).");
    }

    private static DateTimeOffset ParseCreated(string text)
    {
        try
        {
            return XmlConvert.ToDateTimeOffset(text);
        }
        catch (FormatException)
        {
            throw SoapFault.NotAuthorized("Created is not an xs:dateTime.");
        }
    }

    private bool DigestMatches(string name, string digest, ReadOnlySpan<byte> nonce, string created)
    {
        var createdBytes = Encoding.UTF8.GetBytes(created);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA1.HashData(input)));
        var digestMatches = CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(digest));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(name)) & digestMatches;
    }
}
